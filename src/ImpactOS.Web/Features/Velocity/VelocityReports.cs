using ImpactOS.Core.Velocity;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
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

/// <summary>Which cohort a company is compared with: its own organization's companies on the track,
/// or (when that step has too few events and the organization contributes) the network benchmark's.</summary>
public static class CohortSource
{
    public const string Own = "own";
    public const string Network = "network";
}

/// <summary>The network cohort a company was compared with: how many companies of how many
/// organizations on which System Standard ("compared with 412 companies on SaaS Standard across 9 organizations").</summary>
public sealed record NetworkCohortDto(int Companies, int Organizations, string Standard);

/// <summary>The network benchmark of one step of the track: shown only above the k-anonymity
/// thresholds (5 organizations, 20 companies, 5 events); otherwise every figure is null ("not
/// enough network data"). A step without a System Standard counterpart has none either.</summary>
public sealed record NetworkStepDto(
    Guid MilestoneId,
    Guid? StandardMilestoneId,
    bool Shown,
    int? Organizations,
    int? Companies,
    int? Events,
    int? Censored,
    double? P25Days,
    double? MedianDays,
    double? P75Days,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<CurvePointDto>? Curve);

/// <summary>With <c>cohort=network</c>: the network benchmark beside the track's own figures.
/// <c>contributing</c> is false (and nothing else given) while the organization does not contribute;
/// the totals are null below the thresholds.</summary>
public sealed record NetworkDto(bool Contributing, string? Standard, int? Organizations, int? Companies, IReadOnlyList<NetworkStepDto> Steps);

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
    ChanceWithinDto? ChanceWithin)
{
    /// <summary>With <c>cohortSource = "network"</c>: which network cohort the open step was compared with.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public NetworkCohortDto? Network { get; init; }
}

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

public sealed record TrackVelocityDto(Guid TrackId, DateTime AsOf, int Companies, int StartedCompanies, int OutOfOrder, IReadOnlyList<StepVelocityDto> Steps)
{
    /// <summary>With <c>cohort=network</c>: the network benchmark of the track's steps.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public NetworkDto? Network { get; init; }
}

/// <summary>Velocity Visibility: "time to next milestone" for a company and a track's cohort
/// statistics, from the cached track snapshot.</summary>
public sealed class VelocityReports(AppDbContext db, TrackSnapshots snapshots, NetworkBenchmarks network, Settings.OrganizationSettings settings, ReportClock clock)
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
        var track = snapshot.At(at).Track;
        var velocity = CompanyVelocityCalculator.Compute(track, companyId);
        // Too few events of its own: the network's cohort of the same step, and the card says so.
        if (velocity.Status == VelocityStatus.NotEnoughData && velocity.NextMilestone is { } next
            && await NetworkStepForAsync(next.MilestoneId, at, cancellationToken) is ({ } networkStep, var standard)
            && CohortChoice.AgainstNetwork(track, velocity, networkStep) is { } compared)
        {
            return ToDto(snapshot, compared, at, CohortSource.Network) with { Network = new NetworkCohortDto(networkStep.Companies, networkStep.Organizations, standard) };
        }

        return ToDto(snapshot, velocity, at);
    }

    /// <summary>The network cohort of a milestone's step, with its standard's title, when the
    /// organization contributes and the milestone has a System Standard counterpart.</summary>
    private async Task<(NetworkStep? Step, string Standard)> NetworkStepForAsync(Guid milestoneId, DateTime at, CancellationToken cancellationToken)
    {
        if (!await settings.ContributesToNetworkAsync(cancellationToken))
        {
            return (null, "");
        }

        var standardId = await db.MilestoneDefinitions.AsNoTracking().Where(m => m.Id == milestoneId)
            .Lineage().Select(m => m.Standard).FirstOrDefaultAsync(cancellationToken);
        if (standardId is not { } id)
        {
            return (null, "");
        }

        var benchmark = await network.GetAsync(new NetworkKey(at), cancellationToken);
        var title = benchmark.TrackOfStep.TryGetValue(id, out var standardTrack)
            ? await db.MilestoneTracks.AsNoTracking().Where(t => t.Id == standardTrack).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken) ?? ""
            : "";
        return (benchmark.Benchmark.Steps.GetValueOrDefault(id), title);
    }

    /// <summary>The network benchmark of the track's steps (<c>cohort=network</c>): only for a
    /// contributing organization, each step only above the thresholds.</summary>
    private async Task<NetworkDto> NetworkForTrackAsync(Guid trackId, DateTime at, bool includeCurves, CancellationToken cancellationToken)
    {
        if (!await settings.ContributesToNetworkAsync(cancellationToken))
        {
            return new NetworkDto(false, null, null, null, []);
        }

        var steps = await db.MilestoneDefinitions.AsNoTracking().Where(m => m.TrackId == trackId).OrderBy(m => m.OrderIndex)
            .Lineage().ToListAsync(cancellationToken);
        var benchmark = await network.GetAsync(new NetworkKey(at), cancellationToken);
        var standardTrack = steps.Select(s => s.Standard is { } id && benchmark.TrackOfStep.TryGetValue(id, out var t) ? t : (Guid?)null).FirstOrDefault(t => t is not null);
        var standardTitle = standardTrack is { } st
            ? await db.MilestoneTracks.AsNoTracking().Where(t => t.Id == st).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken)
            : null;
        var totals = standardTrack is { } key && benchmark.Benchmark.Tracks.TryGetValue(key, out var found) && found.IsShown ? found : null;
        return new NetworkDto(true, standardTitle, totals?.Organizations, totals?.Companies, steps.Select(s =>
        {
            var step = s.Standard is { } id ? benchmark.Benchmark.Steps.GetValueOrDefault(id) : null;
            return step is { IsShown: true }
                ? new NetworkStepDto(s.Id, s.Standard, true, step.Organizations, step.Companies, step.Events, step.Censored, step.Curve.P25, step.Curve.Median, step.Curve.P75,
                    includeCurves ? step.Curve.Points.Select(p => new CurvePointDto(p.Time, p.Survival, p.AtRisk)).ToList() : null)
                : new NetworkStepDto(s.Id, s.Standard, false, null, null, null, null, null, null, null, null);
        }).ToList());
    }

    /// <summary>The track's per-step statistics; the Kaplan–Meier curves (a point per event time,
    /// so megabytes on a large track) only when asked for.</summary>
    public async Task<Outcome<TrackVelocityDto>> ForTrackAsync(Guid trackId, DateTime? asOf, CancellationToken cancellationToken, bool includeCurves = true, bool includeCompeting = false, string? cohort = null)
    {
        if (cohort is not (null or CohortSource.Own or CohortSource.Network))
        {
            return Failure.Invalid("cohort", "Either \"own\" or \"network\".");
        }

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
        if (cohort == CohortSource.Network)
        {
            dto = dto with { Network = await NetworkForTrackAsync(trackId, at, includeCurves, cancellationToken) };
        }

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

    public static CompanyVelocityDto ToDto(TrackSnapshot snapshot, CompanyVelocity velocity, DateTime asOf, string cohortSource = CohortSource.Own)
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
            cohortSource,
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
