using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Tracks;

[Authorize(Policy = Policies.TenantMemberOrOperator)]
[RequireMilestonesFeature]
public sealed class IndexModel(TrackCatalog catalog, CurrentUser me) : PageModel
{
    [BindProperty]
    public TrackForm Input { get; set; } = new();

    public IReadOnlyList<TrackDto> Tracks { get; private set; } = [];
    public bool CanCopy => me.IsAdmin;
    public bool CanCreate => me.IsAdmin || me.IsOperator;
    public bool IsOperator => me.IsOperator;
    public bool ShowCompanies => me.IsStaff;

    public sealed class TrackForm
    {
        [Display(Name = "Title")]
        public string? Title { get; set; }

        [Display(Name = "Description")]
        public string? Description { get; set; }
    }

    /// <summary>True when the new-track form came back with errors (a refused copy has no fields).</summary>
    public bool CreateFailed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Tracks = await catalog.ListAsync(ct);

    public async Task<IActionResult> OnPostCopyAsync(Guid trackId, CancellationToken ct)
    {
        var copy = await catalog.CopyAsync(trackId, new CopyTrackInput(null), ct);
        return await AfterAsync(copy, t => $"“{t.Title}” is yours to customize.", ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var created = await catalog.CreateAsync(new TrackInput(Input.Title, Input.Description), ct);
        CreateFailed = !created.IsOk;
        return await AfterAsync(created, t => $"“{t.Title}” is created; add its milestones.", ct);
    }

    private async Task<IActionResult> AfterAsync(Outcome<TrackDto> outcome, Func<TrackDto, string> message, CancellationToken ct)
    {
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!outcome.IsOk)
        {
            outcome.CopyTo(ModelState, "Input.");
            Tracks = await catalog.ListAsync(ct);
            return Page();
        }

        TempData["Flash"] = message(outcome.Value!);
        return Redirect($"/tracks/{outcome.Value!.Id}");
    }
}
