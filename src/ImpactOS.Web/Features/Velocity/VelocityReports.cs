using ImpactOS.Core.Velocity;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Velocity;

public sealed record MilestoneRef(Guid Id, string Title, int OrderIndex);

public sealed record CohortDto(int N, int Events, double? P25Days, double? MedianDays, double? P75Days);

/// <summary>The chance of the next milestone within one horizon, with its 95 % interval (R's log
/// interval; both ends <c>null</c> when the chance is 1, where that interval is undefined).</summary>
public sealed record ChanceDto(double P, double? CiLow, double? CiHigh)
{
    public static ChanceDto? Of(MilestoneChance? chance) => chance is { } c ? new ChanceDto(c.P, c.CiLow, c.CiHigh) : null;
}

/// <summary>The chances within 30, 90 and 180 days; each <c>null</c> where the cohort's curve cannot
/// tell (nobody of the cohort waited that long, or the curve ends before the horizon).</summary>
public sealed record ChanceWithinDto(ChanceDto? Days30, ChanceDto? Days90, ChanceDto? Days180)
{
    public static ChanceWithinDto? Of(MilestoneChances? chances) =>
        chances is { } c ? new ChanceWithinDto(ChanceDto.Of(c.Days30), ChanceDto.Of(c.Days90), ChanceDto.Of(c.Days180)) : null;
}

/// <summary>Which cohort a company is compared with. Only the company's own organization's track
/// cohort exists for now; the network benchmark (issue 18, part 1) would add "network".</summary>
public static class CohortSource
{
    public const string Own = "own";
}

public sealed record AchievedStepDto(Guid MilestoneId, string Title, DateTime AchievedAt, double DurationDays, double? CohortMedianDays, double FasterThanPct);

public sealed record CompanyVelocityDto(
    Guid CompanyId,
    Guid TrackId,
    DateTime AsOf,
    MilestoneRef? NextMilestone,
    DateTime? StepStartedAt,
    double? DaysInStep,
    CohortDto? Cohort,
    double? Percentile,
    string Status,
    DateTime? ProjectedAt,
    IReadOnlyList<AchievedStepDto> Steps,
    string CohortSource,
    ChanceWithinDto? ChanceWithin);

public sealed record CurvePointDto(double T, double S, int AtRisk);

public sealed record StepVelocityDto(
    Guid MilestoneId,
    string Title,
    int OrderIndex,
    int Entered,
    int Events,
    int Censored,
    int OutOfOrder,
    double? P25Days,
    double? MedianDays,
    double? P75Days,
    double? ReachedPct,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<CurvePointDto>? Curve)
{
    /// <summary>With <c>competing=true</c>: the cumulative incidence of each end of the step
    /// (Aalen–Johansen), a point per distinct time.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IncidencePointDto>? CumulativeIncidence { get; init; }
}

/// <summary>The shares of a step's companies that, by day <c>t</c>, reached the milestone, shut
/// down first or were acquired first (the rest are still open).</summary>
public sealed record IncidencePointDto(double T, double Milestone, double ShutDown, double Acquired);

public sealed record TrackVelocityDto(Guid TrackId, DateTime AsOf, int Companies, int StartedCompanies, int OutOfOrder, IReadOnlyList<StepVelocityDto> Steps);

/// <summary>Velocity Visibility: "time to next milestone" for a company and a track's cohort
/// statistics, from the cached track snapshot.</summary>
public sealed class VelocityReports(AppDbContext db, TrackSnapshots snapshots, ReportClock clock)
{
    public async Task<Outcome<CompanyVelocityDto>> ForCompanyAsync(Guid companyId, DateTime? asOf, CancellationToken cancellationToken)
    {
        var trackId = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == companyId).Select(c => (Guid?)c.MilestoneTrackId).FirstOrDefaultAsync(cancellationToken);
        if (trackId is null)
        {
            return Failure.NotFound();
        }

        return await ForCompanyAsync(companyId, trackId.Value, asOf, cancellationToken);
    }

    /// <summary>For a company the caller has already found (and so may see), on its current track.</summary>
    public async Task<CompanyVelocityDto> ForCompanyAsync(Guid companyId, Guid trackId, DateTime? asOf, CancellationToken cancellationToken)
    {
        var at = clock.AsOf(asOf);
        var snapshot = await snapshots.GetAsync(trackId, cancellationToken);
        var velocity = CompanyVelocityCalculator.Compute(snapshot.At(at).Track, companyId);
        return ToDto(snapshot, velocity, at);
    }

    /// <summary>The track's per-step statistics; the Kaplan–Meier curves (a point per event time,
    /// so megabytes on a large track) only when asked for.</summary>
    public async Task<Outcome<TrackVelocityDto>> ForTrackAsync(Guid trackId, DateTime? asOf, CancellationToken cancellationToken, bool includeCurves = true, bool includeCompeting = false)
    {
        // A snapshot is cached for this tenant only after the track was found visible to it, and a
        // track's visibility never changes (tracks are not deleted or moved): a cached one answers alone.
        var snapshot = snapshots.Cached(trackId);
        if (snapshot is null)
        {
            if (!await db.MilestoneTracks.AnyAsync(t => t.Id == trackId, cancellationToken))
            {
                return Failure.NotFound();
            }

            snapshot = await snapshots.GetAsync(trackId, cancellationToken);
        }

        var at = clock.AsOf(asOf);
        var dto = ToDto(trackId, snapshot.At(at).Track, includeCurves);
        return includeCompeting ? WithCompeting(dto, snapshot.CompetingRisksAt(at)) : dto;
    }

    /// <summary>The track's steps with their competing risks (<paramref name="curves"/>, in track order).</summary>
    public static TrackVelocityDto WithCompeting(TrackVelocityDto track, IReadOnlyList<CumulativeIncidenceCurve> curves) =>
        track with
        {
            Steps = track.Steps.Select((s, i) => s with
            {
                CumulativeIncidence = curves[i].Points.Select(p => new IncidencePointDto(p.Time, p.Milestone, p.ShutDown, p.Acquired)).ToList(),
            }).ToList(),
        };

    public static TrackVelocityDto ToDto(Guid trackId, TrackVelocity track, bool includeCurves = true) =>
        new(trackId, track.AsOf, track.Companies, track.StartedCompanies, track.OutOfOrder,
            track.Steps.Select(s => new StepVelocityDto(
                s.MilestoneId, s.Milestone.Title, s.Milestone.OrderIndex, s.Entered, s.Events, s.Censored, s.OutOfOrder,
                s.P25Days, s.MedianDays, s.P75Days, s.ReachedPct,
                includeCurves ? s.Curve.Points.Select(p => new CurvePointDto(p.Time, p.Survival, p.AtRisk)).ToList() : null)).ToList());

    public static CompanyVelocityDto ToDto(TrackSnapshot snapshot, CompanyVelocity velocity, DateTime asOf)
    {
        var titles = snapshot.Milestones.ToDictionary(m => m.MilestoneId, m => m.Title);
        return new CompanyVelocityDto(
            velocity.CompanyId,
            snapshot.TrackId,
            asOf,
            velocity.NextMilestone is { } next ? new MilestoneRef(next.MilestoneId, next.Title, next.OrderIndex) : null,
            velocity.StepStartedAt,
            velocity.DaysInStep,
            velocity.Cohort is { } c ? new CohortDto(c.N, c.Events, c.P25Days, c.MedianDays, c.P75Days) : null,
            velocity.Percentile,
            VelocityStatusTerm.Of(velocity.Status).Code,
            velocity.ProjectedAt,
            velocity.Steps.Select(s => new AchievedStepDto(s.MilestoneId, titles.GetValueOrDefault(s.MilestoneId, ""), s.AchievedAt, s.DurationDays, s.CohortMedianDays, s.FasterThanPct)).ToList(),
            CohortSource.Own,
            ChanceWithinDto.Of(velocity.ChanceWithin));
    }

    public sealed record StepRow(string Track, int OrderIndex, string Milestone, int Entered, int Events, int Censored, double? P25Days, double? MedianDays, double? P75Days, double? ReachedPct, DateTime AsOf);

    /// <summary>The track's per-step table as CSV rows, each naming the track (the API's and the
    /// track page's download).</summary>
    public async Task<Outcome<IReadOnlyList<StepRow>>> StepRowsAsync(Guid trackId, DateTime? asOf, CancellationToken cancellationToken)
    {
        var title = await db.MilestoneTracks.AsNoTracking().Where(t => t.Id == trackId).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return Failure.NotFound();
        }

        var track = await ForTrackAsync(trackId, asOf, cancellationToken, includeCurves: false);
        return track.IsOk ? StepRows(track.Value!, title).ToList() : new Failure(track.Kind, track.Errors, track.Message);
    }

    /// <summary>The per-step table, as CSV rows (rounded for the person who opens them).</summary>
    public static IEnumerable<StepRow> StepRows(TrackVelocityDto track, string trackTitle) =>
        track.Steps.Select(s => new StepRow(trackTitle, s.OrderIndex, s.Title, s.Entered, s.Events, s.Censored,
            CsvOutput.Hundredths(s.P25Days), CsvOutput.Hundredths(s.MedianDays), CsvOutput.Hundredths(s.P75Days), CsvOutput.Hundredths(s.ReachedPct), track.AsOf));

}
