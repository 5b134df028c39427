using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Programs;

[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(ProgramDirectory programs, CurrentUser me) : PageModel
{
    [BindProperty]
    public ProgramForm Input { get; set; } = new();

    public IReadOnlyList<ProgramDto> Programs { get; private set; } = [];
    public bool CanCreate => me.IsAdmin;

    /// <summary>A program's fields as the create form and the edit form show them.</summary>
    public class ProgramForm
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Description")]
        public string? Description { get; set; }

        [Display(Name = "Starts")]
        public DateOnly? StartsOn { get; set; }

        [Display(Name = "Ends")]
        public DateOnly? EndsOn { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Programs = await programs.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await programs.CreateAsync(new ProgramInput(Input.Name, Input.Description, Input.StartsOn, Input.EndsOn), ct);
        if (created.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!created.IsOk)
        {
            created.CopyTo(ModelState, "Input.");
            Programs = await programs.ListAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{created.Value!.Name} is ready for enrolments.";
        return Redirect($"/Programs/{created.Value.Id}");
    }
}
