using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Programs;

/// <summary>Changing a program's name, dates and description (admins; <see cref="ProgramDirectory"/>
/// checks the role and the rules, as for the API's PUT).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(ProgramDirectory programs) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ProgramEditForm Input { get; set; } = new();

    public string CurrentName { get; private set; } = "";

    /// <summary>The create form's fields plus the version the edit was made against.</summary>
    public sealed class ProgramEditForm : IndexModel.ProgramForm
    {
        public int? Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var detail = await programs.GetAsync(Id, ct);
        if (!detail.IsOk)
        {
            return NotFound();
        }

        var p = detail.Value!.Program;
        CurrentName = p.Name;
        Input = new ProgramEditForm { Name = p.Name, Description = p.Description, StartsOn = p.StartsOn, EndsOn = p.EndsOn, Version = p.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var saved = await programs.UpdateAsync(Id, new ProgramInput(Input.Name, Input.Description, Input.StartsOn, Input.EndsOn, Input.Version), ct);
        switch (saved.Kind)
        {
            case OutcomeKind.Ok:
                TempData["Flash"] = $"{saved.Value!.Name} is updated.";
                return Redirect($"/programs/{Id}");
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            default:
                saved.CopyTo(ModelState, "Input.");
                var current = await programs.GetAsync(Id, ct);
                CurrentName = current.Value?.Program.Name ?? Input.Name ?? "";
                return Page();
        }
    }
}
