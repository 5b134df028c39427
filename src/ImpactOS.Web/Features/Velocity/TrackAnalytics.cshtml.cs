using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>A track's analytics: funnel, Kaplan–Meier curves and time per step.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
public sealed class TrackAnalyticsModel(VelocityReports reports, Tracks.TrackCatalog tracks) : PageModel
{
    private static readonly string[] Palette = ["#1f3a5f", "#2e9e5b", "#d9534f", "#e0a100", "#3d6bce", "#7b4fa3", "#17a2b8", "#fd7e14", "#6c757d", "#20c997", "#e83e8c", "#343a40"];

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOfDate { get; set; }

    public string TrackTitle { get; private set; } = "";
    public TrackVelocityDto Velocity { get; private set; } = null!;
    public string FunnelJson { get; private set; } = "{}";
    public string CurvesJson { get; private set; } = "{}";
    public IReadOnlyList<CurveLegend> Curves { get; private set; } = [];

    /// <summary>Curves drawn when the page opens: more than four tangle; the rest are a button away.</summary>
    private const int DrawnAtFirst = 4;

    /// <summary>Until when companies still waiting are counted, in words.</summary>
    public string AsOfText => VelocityWords.Until(AsOfDate);

    /// <summary>The plain-words headline of the page, from the real numbers.</summary>
    public string Headline => VelocityWords.HalfReached(TrackTitle, Velocity.Steps.Select(s => (s.OrderIndex, s.Title, s.MedianDays)), AsOfDate);

    /// <summary>Steps with fewer companies than <see cref="VelocityWords.FewCompanies"/> (but some): their numbers are shaky.</summary>
    public IReadOnlyList<StepVelocityDto> FewSteps => Velocity.Steps.Where(s => s.Entered is > 0 and < VelocityWords.FewCompanies).ToList();

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(AsOfDay.EndOf(AsOfDate, ModelState), ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var asOf = AsOfDay.EndOf(AsOfDate, ModelState);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(null, ct);
        }

        var rows = await reports.StepRowsAsync(Id, asOf, ct);
        return rows.IsOk ? File(CsvOutput.Write(rows.Value!), "text/csv; charset=utf-8", "track-velocity.csv") : NotFound();
    }

    /// <summary>The page as of <paramref name="asOf"/>; with a refused "as of" day, as of now, saying
    /// why (400).</summary>
    private async Task<IActionResult> ShowAsync(DateTime? asOf, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            (AsOfDate, asOf) = (null, null);
        }

        if (!await LoadAsync(asOf, ct))
        {
            return NotFound();
        }

        FunnelJson = ChartConfig.ToJson(new
        {
            type = "bar",
            data = new
            {
                labels = Velocity.Steps.Select(s => $"{s.OrderIndex}. {s.Title}").ToList(),
                datasets = new[] { new { label = "% of companies that reached it", data = Velocity.Steps.Select(s => Math.Round(s.ReachedPct ?? 0, 2)).ToList(), backgroundColor = "#3d6bce" } },
            },
            options = new
            {
                indexAxis = "y",
                scales = new { x = new { min = 0, max = 100, title = new { display = true, text = "% of companies" } } },
                plugins = new { legend = new { display = false } },
            },
        });
        Curves = Velocity.Steps.Where(s => s.Curve is { Count: > 0 })
            .Select((s, i) => new CurveLegend(i, $"{s.OrderIndex}. {s.Title}", Palette[i % Palette.Length], i < DrawnAtFirst))
            .ToList();
        CurvesJson = ChartConfig.ToJson(new
        {
            type = "line",
            // charts.js installs the percent axis, whole-day ticks and the tooltip for this marker.
            format = "km",
            data = new
            {
                datasets = Velocity.Steps.Where(s => s.Curve is { Count: > 0 }).Select((s, i) => new
                {
                    label = Curves[i].Label,
                    // The curve starts with everyone waiting at day 0; y is the percent still waiting and
                    // n the companies at risk there, for the tooltip.
                    data = new[] { new { x = 0.0, y = 100.0, n = s.Entered } }
                        .Concat(s.Curve!.Select(p => new { x = Math.Round(p.T, 3), y = Math.Round(p.S * 100, 1), n = p.AtRisk })).ToList(),
                    stepped = "after",
                    borderColor = Curves[i].Color,
                    backgroundColor = Curves[i].Color,
                    pointRadius = 0,
                    borderWidth = 2,
                    hidden = !Curves[i].Drawn,
                }).ToList(),
            },
            options = new
            {
                parsing = false,
                scales = new
                {
                    x = new { type = "linear", min = 0, title = new { display = true, text = "Days since the previous milestone" } },
                    y = new { min = 0, max = 100, title = new { display = true, text = "% still waiting" } },
                },
                plugins = new { legend = new { display = false } },
            },
        });
        return Page();
    }

    private async Task<bool> LoadAsync(DateTime? asOf, CancellationToken ct)
    {
        var title = await tracks.TitleAsync(Id, ct);
        var velocity = await reports.ForTrackAsync(Id, asOf, ct);
        if (title is null || !velocity.IsOk)
        {
            return false;
        }

        TrackTitle = title;
        Velocity = velocity.Value!;
        return true;
    }
}

/// <summary>One Kaplan–Meier curve's entry in the legend under the chart.</summary>
public sealed record CurveLegend(int Index, string Label, string Color, bool Drawn);
