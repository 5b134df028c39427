namespace ImpactOS.Core.Velocity;

/// <summary>
/// One active milestone of a track. Steps are ordered by <see cref="OrderIndex"/>
/// (ascending); the order of the list the caller passes does not matter.
/// </summary>
/// <param name="MilestoneId">Identifier that achievements refer to. Must be unique within the track.</param>
/// <param name="OrderIndex">Position in the track. Must be unique within the track.</param>
/// <param name="Title">Display title, carried through to the results untouched.</param>
public sealed record TrackMilestone(Guid MilestoneId, int OrderIndex, string Title);

/// <summary>
/// A milestone a company has currently achieved (an undone achievement is simply not passed).
/// </summary>
/// <param name="MilestoneId">The milestone. Milestones that are not in the track's list
/// (archived milestones, milestones of an old track) are ignored.</param>
/// <param name="AchievedAt">UTC instant the milestone was achieved. Achievements after the
/// report's <c>asOf</c> are ignored.</param>
public sealed record Achievement(Guid MilestoneId, DateTime AchievedAt);

/// <summary>
/// What the velocity analytics need to know about one company on its current track.
/// </summary>
/// <param name="CompanyId">Unique company identifier (unique within one computation).</param>
/// <param name="TrackStart">UTC instant the company's track starts: its founding date when known,
/// else when it was created. The caller decides which.</param>
/// <param name="ArchivedAt">UTC instant the company was archived, or <c>null</c>. The open step is
/// censored at the earlier of <c>asOf</c> and this instant.</param>
/// <param name="Achievements">The company's currently achieved milestones, in any order.</param>
/// <param name="Closure">How and when the company closed (shut down or was acquired), or <c>null</c>
/// while it is active. From that instant (when it is at or before <c>asOf</c>) its open step is over:
/// censored for Kaplan–Meier, and ended by that outcome for the competing risks.</param>
public sealed record CompanyHistory(
    Guid CompanyId,
    DateTime TrackStart,
    DateTime? ArchivedAt,
    IReadOnlyList<Achievement> Achievements,
    CompanyClosure? Closure = null);

/// <summary>The end of a company: it shut down or was acquired.</summary>
/// <param name="End">Either <see cref="StepEnd.ShutDown"/> or <see cref="StepEnd.Acquired"/>.</param>
/// <param name="At">UTC instant of the outcome.</param>
public sealed record CompanyClosure(StepEnd End, DateTime At);
