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

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public Page<ProgramDto> Programs { get; private set; } = new([], null);
    public int Total { get; private set; }
    public string? ListProblem { get; private set; }
    public bool CanCreate => me.IsAdmin;

    public string CurrentSort => Sort ?? ProgramDirectory.DefaultSort;

    /// <summary>A link to this list in another order or from another cursor (the default order is left out).</summary>
    public string ListUrl(string? sort = null, string? cursor = null) => ListOrder.Url("/programs", new Dictionary<string, string?>
    {
        ["sort"] = (sort ?? Sort) is ProgramDirectory.DefaultSort ? null : sort ?? Sort,
        ["cursor"] = cursor,
    });

    public ListOrder Order => new(CurrentSort, sort => ListUrl(sort: sort));

    public Pager Pages => new("Pages of programs", Cursor is null ? null : ListUrl(), Programs.NextCursor is null ? null : ListUrl(cursor: Programs.NextCursor));

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

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>The page of programs asked for; an order or cursor the list does not know says so
    /// and shows the first page in the default order.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var page = await programs.PageAsync(new ProgramQuery(Sort, Cursor), ct);
        if (!page.IsOk)
        {
            // Said above the list, not in the create form's summary (the form was not sent).
            ListProblem = "That order or page link is not one this list gave out, so it starts from the first page.";
            (Sort, Cursor) = (null, null);
            page = await programs.PageAsync(new ProgramQuery(), ct);
        }

        Programs = page.Value!;
        Total = await programs.CountAsync(ct);
    }

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
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{created.Value!.Name} is ready for enrolments.";
        return Redirect($"/programs/{created.Value.Id}");
    }
}
