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
public sealed class IndexModel(CompanyDirectory directory, Portfolio portfolio, TrackOptions tracks, PortfolioLookups lookups, FeatureFlags flags, CurrentUser me) : PageModel
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

    /// <summary>Set when the organization has no companies yet: the page shows its first steps instead of an empty list.</summary>
    public FirstSteps? Steps { get; private set; }

    private bool Unfiltered => TrackId is null && ProgramId is null && CoachId is null && string.IsNullOrEmpty(Status) && string.IsNullOrEmpty(Q) && Cursor is null && AsOfDate is null;

    private string FiltersWithout(string? sort) => $"trackId={TrackId}&programId={ProgramId}&coachId={CoachId}&status={Status}&sort={sort}&q={Uri.EscapeDataString(Q ?? "")}&asOfDate={AsOfDate:yyyy-MM-dd}";
    private string Filters => FiltersWithout(Sort);
    public string CsvUrl => "/?handler=Csv&" + Filters;
    public string NextUrl => $"/?{Filters}&cursor={Velocity?.NextCursor}";
    public string FirstPageUrl => "/?" + Filters;

    /// <summary>The same filters in another order (the sortable column headers).</summary>
    public string SortUrl(string sort) => "/?" + FiltersWithout(sort);

    /// <summary>Staff open the portfolio to see who needs them: most behind first unless they chose.</summary>
    private const string DefaultSort = "behind";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsOperator)
        {
            return Redirect("/platform");
        }

        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/companies/{own}");
        }

        Sort = string.IsNullOrEmpty(Sort) ? DefaultSort : Sort;
        TenantName = await TenantNameAsync(ct);
        if (!await flags.MilestonesEnabledAsync(ct))
        {
            Companies = (await directory.ListAsync(new CompanyQuery(Limit: Infrastructure.Cursor.MaxLimit), ct)).Value!;
            if (Companies.Items.Count == 0)
            {
                Steps = await FirstSteps.LoadAsync(tracks, me, milestonesOn: false, ct);
            }

            return Page();
        }

        var query = Query();
        var page = ModelState.IsValid ? await portfolio.ListAsync(query with { Cursor = Cursor }, ct) : null;
        if (page is not { IsOk: true })
        {
            page?.CopyTo(ModelState);
            return await RefusedAsync(ct);
        }

        return await ShowAsync(page.Value!, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!me.IsStaff || !await flags.MilestonesEnabledAsync(ct))
        {
            return NotFound();
        }

        Sort = string.IsNullOrEmpty(Sort) ? DefaultSort : Sort;
        var query = Query();
        var rows = ModelState.IsValid ? await portfolio.AllAsync(query, ct) : null;
        if (rows is { IsOk: true })
        {
            return File(CsvOutput.Write(rows.Value!), "text/csv; charset=utf-8", "portfolio.csv");
        }

        rows?.CopyTo(ModelState);
        TenantName = await TenantNameAsync(ct);
        return await RefusedAsync(ct);
    }

    /// <summary>The filters as a query (a refused "as of" day, or a value that did not bind, leaves
    /// its reason in ModelState).</summary>
    private PortfolioQuery Query() => new(TrackId, ProgramId, CoachId, string.IsNullOrEmpty(Status) ? null : Status, Sort, Q,
        AsOf: AsOfDay.EndOf(AsOfDate, ModelState));

    /// <summary>Filters that cannot be applied: the page says why (400) and shows the whole portfolio.</summary>
    private async Task<IActionResult> RefusedAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        (TrackId, ProgramId, CoachId, Status, Sort, Q, AsOfDate) = (null, null, null, null, DefaultSort, null, null);
        return await ShowAsync((await portfolio.ListAsync(new PortfolioQuery(Sort: DefaultSort), ct)).Value!, ct);
    }

    private async Task<string?> TenantNameAsync(CancellationToken ct) =>
        (await lookups.GetAsync(ct)).Name;

    private async Task<IActionResult> ShowAsync(PortfolioPage page, CancellationToken ct)
    {
        if (page.Total == 0 && Unfiltered && ModelState.IsValid)
        {
            // No company at all (not just none matching): first steps, not an empty table.
            Steps = await FirstSteps.LoadAsync(tracks, me, milestonesOn: true, ct);
            return Page();
        }

        Velocity = page;
        await LoadOptionsAsync(ct);
        ChartJson = ChartConfig.ToJson(BuildChart(Velocity));
        return Page();
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        (TrackOptions, ProgramOptions, CoachOptions) = (await lookups.GetAsync(ct)).Filters(TrackId, ProgramId, CoachId);
        StatusOptions = Portfolio.Statuses.Select(s => new SelectListItem(VelocityStatusTerm.Of(s).Label, s, s == Status)).ToList();
        SortOptions = [new("Most behind first", "behind", Sort == "behind"), new("Longest in step first", "days", Sort == "days"), new("Best chance in 90 days", "chance90", Sort == "chance90"), new("Name", "name", Sort == "name")];
    }

    /// <summary>Velocity of the companies listed: days in the current step against the track's
    /// median for it (over it to the right), coloured by status. It follows the filters, because it
    /// draws the rows the table shows.</summary>
    private static object BuildChart(PortfolioPage page)
    {
        var rows = ChartRows(page).ToList();
        return new
        {
            type = "bar",
            data = new
            {
                labels = rows.Select(r => r.Name).ToList(),
                datasets = new[]
                {
                    new
                    {
                        label = "Days over (+) or under (−) the track median",
                        data = rows.Select(r => Math.Round(r.DaysOverMedian!.Value)).ToList(),
                        backgroundColor = rows.Select(r => VelocityStatusTerm.Of(r.Status).Colour).ToList(),
                    },
                },
            },
            options = new
            {
                indexAxis = "y",
                scales = new
                {
                    x = new { title = new { display = true, text = "Days against the track median (0 = median)" } },
                    y = new { ticks = new { autoSkip = false } },
                },
                plugins = new { legend = new { display = false } },
            },
        };
    }

    /// <summary>The chart draws the first companies of the list that have a status (most behind
    /// first by default), few enough that every name stays readable.</summary>
    private const int ChartCompanies = 15;

    private static IEnumerable<PortfolioRow> ChartRows(PortfolioPage page) => page.Items.Where(r => r.DaysOverMedian is not null).Take(ChartCompanies);

    /// <summary>How many companies the chart draws.</summary>
    public int ChartCount => Velocity is null ? 0 : ChartRows(Velocity).Count();

    /// <summary>Height the chart needs so that no company's name is cut or skipped.</summary>
    public int ChartHeight => 60 + (24 * Math.Max(1, ChartCount));
}
