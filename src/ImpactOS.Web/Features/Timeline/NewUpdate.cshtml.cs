using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Timeline;

/// <summary>Founders report on their own company; coaches and admins may record an update for one.</summary>
[Authorize(Policy = Policies.TenantMember)]
public sealed class NewUpdateModel(InteractionLog log) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public UpdateForm Input { get; set; } = new();

    public string CompanyName { get; private set; } = "";

    public sealed class UpdateForm
    {
        [Display(Name = "Period")]
        public string? Period { get; set; }

        [Display(Name = "Summary")]
        public string? Summary { get; set; }

        [Display(Name = "Revenue this period")]
        public decimal? Revenue { get; set; }

        [Display(Name = "Revenue growth (%)")]
        public double? RevenueGrowthPct { get; set; }

        [Display(Name = "Headcount")]
        public int? Headcount { get; set; }

        [Display(Name = "Cash runway (months)")]
        public double? CashRunwayMonths { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var submitted = await log.SubmitUpdateAsync(Id, new CompanyUpdateInput(Input.Period, null, Input.Summary,
            new UpdateMetrics(Input.Revenue, Input.RevenueGrowthPct, Input.Headcount, Input.CashRunwayMonths)), ct);
        if (submitted.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!submitted.IsOk)
        {
            submitted.CopyTo(ModelState, "Input.");
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = $"The {submitted.Value!.Period} update is on the timeline.";
        return Redirect($"/companies/{Id}#timeline-heading"); // the new entry, in view with the flash
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        CompanyName = await log.FormCompanyNameAsync(Id, ModelState, ct) ?? "";
        return CompanyName.Length > 0;
    }
}
