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

    /// <summary>The step whose competing risks are drawn (<c>?step=</c>; by default the one where
    /// most companies closed).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Step { get; set; }

    public CompetingView? Competing { get; private set; }
    public string CompetingJson { get; private set; } = "{}";

    /// <summary>Curves drawn when the page opens: more than four tangle; the rest are a button away.</summary>
    private const int DrawnAtFirst = 4;

    /// <summary>Until when companies still waiting are counted, in words.</summary>
    public string AsOfText => VelocityWords.Until(AsOfDate);

    /// <summary>The network benchmark beside the track's own figures, when the organization contributes.</summary>
    public NetworkDto? Network => Velocity.Network is { Contributing: true } network ? network : null;

    /// <summary>The network figures of one of the track's steps.</summary>
    public NetworkStepDto? NetworkStep(Guid milestoneId) => Network?.Steps.FirstOrDefault(s => s.MilestoneId == milestoneId);

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
        Competing = CompetingView.For(Velocity, Step);
        if (Competing is { } competing)
        {
            CompetingJson = ChartConfig.ToJson(new
            {
                type = "line",
                // charts.js installs the percent axis, whole-day ticks and the tooltip for this marker.
                format = "incidence",
                data = new
                {
                    datasets = new[]
                    {
                        Area($"Reached {competing.Step.Title}", "#2e9e5b", "origin", p => p.Milestone),
                        Area("Shut down first", "#495057", "-1", p => p.Milestone + p.ShutDown),
                        Area("Acquired first", "#7b4fa3", "-1", p => p.Milestone + p.ShutDown + p.Acquired),
                    },
                },
                options = new
                {
                    parsing = false,
                    scales = new
                    {
                        x = new { type = "linear", min = 0, title = new { display = true, text = "Days in the step" } },
                        y = new { min = 0, max = 100, title = new { display = true, text = "% of the step's companies (stacked)" } },
                    },
                },
            });

            // Cumulative shares drawn one above the other: each dataset is the running total, filled to the one below.
            object Area(string label, string colour, string fill, Func<IncidencePointDto, double> total) => new
            {
                label,
                data = new[] { new { x = 0.0, y = 0.0 } }.Concat(competing.Points.Select(p => new { x = Math.Round(p.T, 3), y = Math.Round(total(p) * 100, 2) })).ToList(),
                stepped = "after",
                fill,
                borderColor = colour,
                backgroundColor = colour + "99",
                pointRadius = 0,
                borderWidth = 1,
            };
        }

        return Page();
    }

    private async Task<bool> LoadAsync(DateTime? asOf, CancellationToken ct)
    {
        var title = await tracks.TitleAsync(Id, ct);
        var velocity = await reports.ForTrackAsync(Id, asOf, ct, includeCompeting: true, cohort: CohortSource.Network);
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

/// <summary>One step's competing risks as the page shows them: the points, the shares at a few
/// horizons (the table beside the chart) and the sentence that says it in words.</summary>
public sealed record CompetingView(StepVelocityDto Step, string From, IReadOnlyList<IncidencePointDto> Points, IReadOnlyList<StepVelocityDto> Choices)
{
    /// <summary>The horizons of the table, in days.</summary>
    public static readonly IReadOnlyList<(int Days, string Words)> Horizons = [(90, "3 months"), (180, "6 months"), (365, "one year"), (730, "two years")];

    /// <summary>The step asked for, else the one where the largest share closed; null when no
    /// company of the track ever closed in a step (then there is nothing to tell apart).</summary>
    public static CompetingView? For(TrackVelocityDto track, Guid? wanted)
    {
        var steps = track.Steps.Where(s => s.CumulativeIncidence is { Count: > 0 }).ToList();
        var closing = steps.Where(s => Closed(s) > 0).ToList();
        if (closing.Count == 0)
        {
            return null;
        }

        var step = steps.FirstOrDefault(s => s.MilestoneId == wanted) ?? closing.OrderByDescending(Closed).ThenBy(s => s.OrderIndex).First();
        var index = track.Steps.ToList().IndexOf(step);
        var from = index == 0 ? "starting the track" : track.Steps[index - 1].Title;
        return new CompetingView(step, from, step.CumulativeIncidence!, steps);
    }

    private static double Closed(StepVelocityDto step) => step.CumulativeIncidence![^1] is var last ? last.ShutDown + last.Acquired : 0;

    /// <summary>The shares at <paramref name="days"/> (the last point at or before it).</summary>
    public IncidencePointDto At(double days) => Points.LastOrDefault(p => p.T <= days) ?? new IncidencePointDto(0, 0, 0, 0);

    /// <summary>"Within two years of Seed, 41 % raised Series A and 18 % shut down first": at two
    /// years, or at the last day observed when that is sooner.</summary>
    public string Sentence
    {
        get
        {
            var last = Points[^1].T;
            var (days, words) = last >= 730 ? (730.0, "two years") : (last, VelocityWords.Count((int)Math.Floor(last), "day", "days"));
            var at = At(days);
            var text = $"Within {words} of {From}, {Percent(at.Milestone)} reached {Step.Title} and {Percent(at.ShutDown)} shut down first";
            return at.Acquired > 0 ? text + $"; {Percent(at.Acquired)} were acquired first." : text + ".";
        }
    }

    public static string Percent(double share) => Math.Round(share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
