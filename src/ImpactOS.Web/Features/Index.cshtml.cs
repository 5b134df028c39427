using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features;

/// <summary>The portfolio: home for coaches and admins. With milestones on, every company's
/// current step and velocity chip; otherwise the plain company list.</summary>
public sealed class IndexModel(CompanyDirectory directory, Portfolio portfolio, TrackOptions tracks, CoachOptions coaches, FeatureFlags flags, AppDbContext db, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? TrackId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? ProgramId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CoachId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOfDate { get; set; }

    public Page<CompanyDto> Companies { get; private set; } = new([], null);
    public PortfolioPage? Velocity { get; private set; }
    public string? TenantName { get; private set; }
    public CurrentUser Me => me;
    public IReadOnlyList<SelectListItem> TrackOptions { get; private set; } = [];
    public IReadOnlyList<SelectListItem> ProgramOptions { get; private set; } = [];
    public IReadOnlyList<SelectListItem> CoachOptions { get; private set; } = [];
    public IReadOnlyList<SelectListItem> StatusOptions { get; private set; } = [];
    public IReadOnlyList<SelectListItem> SortOptions { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";

    private string Filters => $"trackId={TrackId}&programId={ProgramId}&coachId={CoachId}&status={Status}&sort={Sort}&q={Uri.EscapeDataString(Q ?? "")}&asOfDate={AsOfDate:yyyy-MM-dd}";
    public string CsvUrl => "/?handler=Csv&" + Filters;
    public string NextUrl => $"/?{Filters}&cursor={Velocity?.NextCursor}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsOperator)
        {
            return Redirect("/Platform");
        }

        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/Companies/{own}");
        }

        TenantName = await db.Tenants.AsNoTracking().Where(t => t.Id == me.TenantId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        if (!await flags.MilestonesEnabledAsync(ct))
        {
            Companies = (await directory.ListAsync(new CompanyQuery(Limit: Infrastructure.Cursor.MaxLimit), ct)).Value!;
            return Page();
        }

        var page = await portfolio.ListAsync(Query() with { Cursor = Cursor }, ct);
        if (!page.IsOk)
        {
            page.CopyTo(ModelState);
            (TrackId, ProgramId, CoachId, Status, Sort, Q, AsOfDate) = (null, null, null, null, null, null, null);
            page = await portfolio.ListAsync(new PortfolioQuery(), ct);
        }

        Velocity = page.Value!;
        await LoadOptionsAsync(ct);
        ChartJson = ChartConfig.ToJson(BuildChart(Velocity));
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!me.IsStaff || !await flags.MilestonesEnabledAsync(ct))
        {
            return NotFound();
        }

        var rows = await portfolio.AllAsync(Query(), ct);
        return rows.IsOk
            ? File(CsvOutput.Write(rows.Value!), "text/csv; charset=utf-8", "portfolio.csv")
            : BadRequest();
    }

    /// <summary>"As of" a day means at the end of that day.</summary>
    private PortfolioQuery Query() => new(TrackId, ProgramId, CoachId, string.IsNullOrEmpty(Status) ? null : Status, Sort, Q,
        AsOf: AsOfDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1));

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        TrackOptions = await tracks.SelectListAsync(TrackId, ct);
        ProgramOptions = (await db.Programs.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => new SelectListItem(p.Name, p.Id.ToString(), p.Id == ProgramId)).ToList();
        CoachOptions = await coaches.SelectListAsync(CoachId, ct);
        StatusOptions = Portfolio.Statuses.Select(s => new SelectListItem(VelocityReports.StatusLabel(s), s, s == Status)).ToList();
        SortOptions = [new("Name", "name", Sort is null or "name"), new("Most behind first", "behind", Sort == "behind")];
    }

    private static object BuildChart(PortfolioPage page) => new
    {
        type = "bar",
        data = new
        {
            labels = page.ByTrack.Select(t => t.TrackTitle).ToList(),
            datasets = Portfolio.Statuses.Where(s => page.ByTrack.Any(t => t.ByStatus[s] > 0)).Select(s => new
            {
                label = VelocityReports.StatusLabel(s),
                data = page.ByTrack.Select(t => t.ByStatus[s]).ToList(),
                backgroundColor = ChartConfig.StatusColours[s],
            }).ToList(),
        },
        options = new
        {
            indexAxis = "y",
            scales = new { x = new { stacked = true, title = new { display = true, text = "Companies" } }, y = new { stacked = true } },
            plugins = new { legend = new { position = "bottom" } },
        },
    };
}
