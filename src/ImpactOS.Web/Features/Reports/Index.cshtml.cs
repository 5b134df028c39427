using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ImpactOS.Web.Features.Reports;

/// <summary>Attribution, Program Lift and velocity by group: each with a chart, a table and a CSV.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
public sealed class IndexModel(AttributionReports reports, VelocityGroups groups, TrackOptions tracks) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? TrackId { get; set; }

    public AttributionDto Attribution { get; private set; } = null!;
    public ProgramLiftReportDto Lift { get; private set; } = null!;
    public VelocityByGroupDto? Velocity { get; private set; }
    public IReadOnlyList<SelectListItem> TrackOptions { get; private set; } = [];
    public string QuarterChart { get; private set; } = "{}";
    public string ForestChart { get; private set; } = "{}";
    public string VelocityChart { get; private set; } = "{}";
    public string Query => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&trackId={TrackId}";

    private ReportQuery ReportQuery => new(From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>What the lift means, in plain words.</summary>
    public string LiftVerdict => Lift switch
    {
        { LiftCiLow: > 1 } => "The whole interval is above 1: milestones came measurably faster inside programs than outside.",
        { LiftCiHigh: < 1 } => "The whole interval is below 1: milestones came measurably slower inside programs than outside.",
        _ => "The interval includes 1: with this much data, the difference could be chance.",
    };

    /// <summary>The period in words, with the exclusive end said as the last day it covers.</summary>
    public string PeriodText =>
        (Attribution.From is { } from ? $"from {VelocityWords.Date(from)}" : "since the first record") + " to " +
        (To is { } to ? $"{VelocityWords.Date(to.AddDays(-1))} (the day before {VelocityWords.Date(to)})" : $"today ({VelocityWords.Date(Attribution.AsOf)})");

    /// <summary>What the attribution rate says, from the real numbers.</summary>
    public string AttributionSentence => Attribution switch
    {
        { Achievements: 0 } => $"No milestone was achieved {PeriodText}, so there is no attribution rate yet.",
        var a => $"{a.DuringEnrollment} of {VelocityWords.Count(a.Achievements, "milestone achievement", "milestone achievements")} {PeriodText} " +
                 $"({Math.Floor((a.AttributionRate ?? 0) * 100):0} %) happened while the company was enrolled in a program.",
    };

    /// <summary>The velocity section's headline: the whole track's first step that half of its companies completed.</summary>
    public string? VelocitySentence => Velocity is { } v && v.Groups.FirstOrDefault(g => g.Kind == "track") is { } track
        ? VelocityWords.HalfReached(v.TrackTitle, v.Milestones.Zip(track.Steps, (m, s) => (m.OrderIndex, m.Title, s.MedianDays)), null)
        : null;

    /// <summary>Groups with so few companies that their medians are shaky.</summary>
    public IReadOnlyList<VelocityGroupDto> FewGroups => Velocity?.Groups.Where(g => g.Companies is > 0 and < VelocityWords.FewCompanies).ToList() ?? [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            (From, To) = (null, null);
            await LoadAsync(ct);
        }

        QuarterChart = ChartConfig.ToJson(new
        {
            type = "bar",
            data = new
            {
                labels = Attribution.ByQuarter.Select(q => q.Quarter).ToList(),
                datasets = new object[]
                {
                    new { label = "During enrolment", data = Attribution.ByQuarter.Select(q => q.DuringEnrollment).ToList(), backgroundColor = "#2e9e5b" },
                    new { label = "Outside programs", data = Attribution.ByQuarter.Select(q => q.Achievements - q.DuringEnrollment).ToList(), backgroundColor = "#adb5bd" },
                },
            },
            options = new { scales = new { x = new { stacked = true }, y = new { stacked = true, title = new { display = true, text = "Achievements" } } }, plugins = new { legend = new { position = "bottom" } } },
        });
        ForestChart = ChartConfig.ToJson(Forest(Lift));
        if (Velocity is { } v)
        {
            VelocityChart = ChartConfig.ToJson(new
            {
                type = "line",
                // charts.js installs whole-day ticks and tooltips for this marker.
                format = "days",
                data = new
                {
                    labels = v.Milestones.Select(m => $"{m.OrderIndex}. {m.Title}").ToList(),
                    datasets = v.Groups.Select((g, i) => new
                    {
                        label = g.Name,
                        data = g.Steps.Select(s => s.MedianDays is { } days ? Math.Round(days, 1) : (double?)null).ToList(),
                        borderColor = Palette[i % Palette.Length],
                        backgroundColor = Palette[i % Palette.Length],
                        borderWidth = g.Kind == "track" ? 3 : 1.5,
                        spanGaps = false,
                    }).ToList(),
                },
                options = new { scales = new { y = new { min = 0, title = new { display = true, text = "Median days in step" } } }, plugins = new { legend = new { position = "bottom" } } },
            });
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string report, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return BadRequest();
        }

        return report switch
        {
            "attribution" => File(CsvOutput.Write(ReportRows.Attribution(Attribution)), "text/csv; charset=utf-8", "attribution.csv"),
            "program-lift" => File(CsvOutput.Write(ReportRows.Lift(Lift)), "text/csv; charset=utf-8", "program-lift.csv"),
            "velocity" when Velocity is not null => File(CsvOutput.Write(VelocityGroups.Rows(Velocity)), "text/csv; charset=utf-8", "velocity.csv"),
            _ => NotFound(),
        };
    }

    private static readonly string[] Palette = ["#1f3a5f", "#2e9e5b", "#d9534f", "#e0a100", "#3d6bce", "#7b4fa3", "#17a2b8", "#fd7e14", "#6c757d", "#20c997"];

    private static object Forest(ProgramLiftReportDto lift) => ForestPlot.Config(
        new[] { new ForestRow("Any program", lift.Lift, lift.LiftCiLow, lift.LiftCiHigh) }
            .Concat(lift.ByProgram.Select(p => new ForestRow(p.Name, p.Lift, p.LiftCiLow, p.LiftCiHigh))),
        "Lift",
        "Lift (milestones per company-year, inside ÷ outside)");

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var attribution = await reports.AttributionAsync(ReportQuery, ct);
        var lift = await reports.ProgramLiftAsync(ReportQuery, ct);
        if (!attribution.IsOk || !lift.IsOk)
        {
            (attribution.IsOk ? lift.Errors : attribution.Errors)?.ToList().ForEach(e => ModelState.AddModelError(e.Key, string.Join(" ", e.Value)));
            return false;
        }

        Attribution = attribution.Value!;
        Lift = lift.Value!;
        TrackId ??= SystemStandards.SaaS;
        TrackOptions = await tracks.SelectListAsync(TrackId, ct);
        Velocity = (await groups.ForTrackAsync(TrackId.Value, null, ct)).Value;
        return true;
    }
}
