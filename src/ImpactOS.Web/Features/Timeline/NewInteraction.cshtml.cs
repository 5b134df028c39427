using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Timeline;

[Authorize(Policy = Policies.Staff)]
public sealed class NewInteractionModel(InteractionLog log, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public InteractionForm Input { get; set; } = new();

    public string CompanyName { get; private set; } = "";
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public sealed class InteractionForm
    {
        public string Kind { get; set; } = "meeting";

        [Display(Name = "When")]
        public DateOnly? OccurredOn { get; set; }

        [Display(Name = "Subject")]
        public string? Subject { get; set; }

        [Display(Name = "Notes")]
        public string? Notes { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input.OccurredOn = Today;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>Today means now; an earlier day means noon UTC that day (a meeting's time of day rarely matters).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateTime? at = Input.OccurredOn is { } day && day != Today ? day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) : clock.GetUtcNow().UtcDateTime;
        if (Input.OccurredOn is null)
        {
            at = null;
        }

        var logged = await log.LogAsync(Id, new InteractionInput(Input.Kind, at, Input.Subject, Input.Notes), ct);
        if (logged.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!logged.IsOk)
        {
            logged.CopyTo(ModelState, "Input.");
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = "The interaction is on the timeline.";
        return Redirect($"/companies/{Id}#timeline-heading"); // the new entry, in view with the flash
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        CompanyName = await log.FormCompanyNameAsync(Id, ModelState, ct) ?? "";
        return CompanyName.Length > 0;
    }
}
