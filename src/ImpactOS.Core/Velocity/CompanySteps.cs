namespace ImpactOS.Core.Velocity;

/// <summary>
/// One step of one company: the time from the step's start to reaching its milestone (an event)
/// or to the censoring instant (the open step).
/// </summary>
public readonly record struct StepObservation
{
    // Ticks rather than DateTime and no object references: arrays of these are cheap for the GC.
    private readonly long _startTicks;
    private readonly long _endTicks;

    internal StepObservation(int stepIndex, Guid milestoneId, long startTicks, long endTicks, bool isEvent)
    {
        StepIndex = stepIndex;
        MilestoneId = milestoneId;
        _startTicks = startTicks;
        _endTicks = endTicks;
        IsEvent = isEvent;
    }

    /// <summary>Zero-based position of the step's milestone in the ordered track.</summary>
    public int StepIndex { get; }

    /// <summary>The milestone the step leads to (the step is credited to it).</summary>
    public Guid MilestoneId { get; }

    /// <summary>When the step started: the track start or the previous achieved milestone's <c>AchievedAt</c>.</summary>
    public DateTime StartedAt => UtcTime.FromTicks(_startTicks);

    /// <summary>The milestone's <c>AchievedAt</c> for an event; the censoring instant for the open step.</summary>
    public DateTime EndedAt => UtcTime.FromTicks(_endTicks);

    /// <summary>Length of the step in fractional days (<c>hours / 24</c>); never negative.</summary>
    public double DurationDays => UtcTime.Days(_startTicks, _endTicks);

    /// <summary><c>true</c> for an achieved step, <c>false</c> for the censored open step.</summary>
    public bool IsEvent { get; }
}

/// <summary>
/// An achieved milestone whose step would have started after it ended (dates logged against the
/// track order). It contributes no step; the next step still starts at its <see cref="AchievedAt"/>.
/// </summary>
/// <param name="StepIndex">Zero-based position of the milestone in the ordered track.</param>
/// <param name="MilestoneId">The milestone.</param>
/// <param name="StepStartedAt">Where its step would have started.</param>
/// <param name="AchievedAt">When it was achieved (earlier than <paramref name="StepStartedAt"/>).</param>
public readonly record struct OutOfOrderAchievement(int StepIndex, Guid MilestoneId, DateTime StepStartedAt, DateTime AchievedAt);

/// <summary>
/// A company's steps on its track as of one instant. Built by <see cref="StepBuilder"/>.
/// </summary>
public sealed record CompanySteps
{
    internal CompanySteps(
        Guid companyId,
        bool hasStarted,
        ReadOnlySlice<StepObservation> completed,
        StepObservation? open,
        TrackMilestone? nextMilestone,
        OutOfOrderAchievement[] outOfOrder,
        StepEnd openEnd = StepEnd.Censored,
        StepEnd closedAs = StepEnd.Censored)
    {
        OpenEnd = openEnd;
        ClosedAs = closedAs;
        CompanyId = companyId;
        HasStarted = hasStarted;
        Completed = completed;
        Open = open;
        NextMilestone = nextMilestone;
        OutOfOrderArray = outOfOrder;
    }

    // Array view for the hot loops (no interface enumerators).
    internal OutOfOrderAchievement[] OutOfOrderArray { get; }

    public Guid CompanyId { get; }

    /// <summary>
    /// <c>false</c> when the company's track start is after <c>asOf</c>: it contributes nothing
    /// (no steps, and it is not counted among the track's started companies).
    /// </summary>
    public bool HasStarted { get; }

    /// <summary>Achieved steps (KM events) in track order. Out-of-order achievements are not here.</summary>
    public ReadOnlySlice<StepObservation> Completed { get; }

    /// <summary>
    /// The censored step towards <see cref="NextMilestone"/>, or <c>null</c>: when the last milestone
    /// is achieved, when the company has not started, or when the censoring instant (the earlier of
    /// <c>asOf</c> and <c>ArchivedAt</c>) lies before the step's start (archived before its latest
    /// achievement; such a step is left out and not counted as out of order).
    /// </summary>
    public StepObservation? Open { get; }

    /// <summary>
    /// The first milestone after the highest achieved one (the first of the track when none is
    /// achieved); <c>null</c> when the last milestone is achieved or the company has not started.
    /// Set even when <see cref="Open"/> was left out.
    /// </summary>
    public TrackMilestone? NextMilestone { get; }

    /// <summary>Achievements left out because their step would start after it ends.</summary>
    public IReadOnlyList<OutOfOrderAchievement> OutOfOrderAchievements => OutOfOrderArray;

    /// <summary>Number of <see cref="OutOfOrderAchievements"/>.</summary>
    public int OutOfOrder => OutOfOrderArray.Length;

    /// <summary>How <see cref="Open"/> ended for the competing risks: <see cref="StepEnd.ShutDown"/>
    /// or <see cref="StepEnd.Acquired"/> when the company's closure ended it, else
    /// <see cref="StepEnd.Censored"/> (Kaplan–Meier always censors it).</summary>
    public StepEnd OpenEnd { get; }

    /// <summary><see cref="StepEnd.ShutDown"/> or <see cref="StepEnd.Acquired"/> when the company
    /// closed at or before <c>asOf</c>; <see cref="StepEnd.Censored"/> while it is active.</summary>
    public StepEnd ClosedAs { get; }

    /// <summary><c>true</c> when the company shut down or was acquired at or before <c>asOf</c>.</summary>
    public bool IsClosed => ClosedAs != StepEnd.Censored;

    /// <summary><c>true</c> when the company has started and achieved the track's last milestone.</summary>
    public bool IsComplete => HasStarted && NextMilestone is null;
}
