namespace ImpactOS.Core.Velocity;

/// <summary>
/// Turns one company's achievements into steps (the survival observations of the velocity analytics).
/// </summary>
/// <remarks>
/// <para>Rules, applied as of the report instant <c>asOf</c>:</para>
/// <list type="number">
/// <item>Achievements of milestones not in the track's list are ignored, and so are achievements
/// with <c>AchievedAt &gt; asOf</c>. If a milestone is listed more than once, its earliest remaining
/// achievement counts.</item>
/// <item>A company whose <c>TrackStart &gt; asOf</c> contributes nothing.</item>
/// <item>The remaining achieved milestones m1 &lt; … &lt; mj (track order) each end one step credited
/// to that milestone: the step to m1 starts at <c>TrackStart</c>, the step to m(i) at m(i−1)'s
/// <c>AchievedAt</c>. These are events. A step of zero days is a real event at time 0.</item>
/// <item>A milestone below mj that was never achieved was skipped and gets no step.</item>
/// <item>A step whose start is after its end is left out and counted as out of order; the next step
/// still starts at that milestone's <c>AchievedAt</c>.</item>
/// <item>One open (censored) step leads to the first milestone after mj (the first of the track
/// when none is achieved), from mj's <c>AchievedAt</c> (or <c>TrackStart</c>) to the earlier of
/// <c>asOf</c>, <c>ArchivedAt</c> and the closure (shut down or acquired) when it is at or before
/// <c>asOf</c>. If that end is before the start, the open step is left out (not counted as out of
/// order). A company that achieved the last milestone has no open step.</item>
/// <item>For Kaplan–Meier the open step is always censored. For the competing risks it ended by the
/// closure when the closure is what ended it (not before the archive date), else it is censored
/// (<see cref="CompanySteps.OpenEnd"/>).</item>
/// </list>
/// </remarks>
public static class StepBuilder
{
    private const long NotAchieved = long.MinValue;

    /// <summary>Builds the steps of one company. See the type's remarks for the rules.</summary>
    /// <exception cref="ArgumentException">The track has duplicate ids or order indexes, the company
    /// has no achievement list, or an instant is of kind <see cref="DateTimeKind.Local"/>.</exception>
    public static CompanySteps Build(IReadOnlyList<TrackMilestone> track, CompanyHistory company, DateTime asOf)
    {
        var layout = TrackLayout.Create(track);
        var asOfTicks = UtcTime.Ticks(asOf, nameof(asOf));
        return Build(layout, company, asOfTicks, new long[layout.Count], buffer: null);
    }

    /// <summary>
    /// Core of <see cref="Build(IReadOnlyList{TrackMilestone}, CompanyHistory, DateTime)"/>;
    /// <paramref name="scratch"/> has at least one slot per step and is reused between companies; completed steps
    /// go into <paramref name="buffer"/> when given (shared by a whole track), else into their own array.
    /// </summary>
    internal static CompanySteps Build(
        TrackLayout layout, CompanyHistory company, long asOfTicks, long[] scratch, SliceBuffer<StepObservation>? buffer)
    {
        ArgumentNullException.ThrowIfNull(company);
        if (company.Achievements is null)
        {
            throw new ArgumentException($"Company {company.CompanyId} has no achievement list.", nameof(company));
        }

        var trackStart = UtcTime.Ticks(company.TrackStart, nameof(company));
        long? archivedAt = company.ArchivedAt is { } archived ? UtcTime.Ticks(archived, nameof(company)) : null;
        long? closedAt = null;
        if (company.Closure is { } closure)
        {
            if (closure.End is not (StepEnd.ShutDown or StepEnd.Acquired))
            {
                throw new ArgumentException($"Company {company.CompanyId} closed with {closure.End}; a closure is a shutdown or an acquisition.", nameof(company));
            }

            var at = UtcTime.Ticks(closure.At, nameof(company));
            closedAt = at <= asOfTicks ? at : null;
        }

        if (trackStart > asOfTicks)
        {
            return new CompanySteps(company.CompanyId, false, default, null, null, []);
        }

        var milestones = layout.Milestones;
        var stepCount = milestones.Length;
        Array.Fill(scratch, NotAchieved, 0, stepCount);

        var achievements = company.Achievements;
        for (var i = 0; i < achievements.Count; i++)
        {
            var achievement = achievements[i];
            if (achievement is null)
            {
                continue;
            }

            var at = UtcTime.Ticks(achievement.AchievedAt, nameof(company));
            if (at > asOfTicks || !layout.TryGetIndex(achievement.MilestoneId, out var index))
            {
                continue;
            }

            if (scratch[index] == NotAchieved || at < scratch[index])
            {
                scratch[index] = at;
            }
        }

        // First pass: sizes, so each array is allocated exactly once.
        var events = 0;
        var outOfOrder = 0;
        var previous = trackStart;
        for (var i = 0; i < stepCount; i++)
        {
            var at = scratch[i];
            if (at == NotAchieved)
            {
                continue;
            }

            if (previous > at)
            {
                outOfOrder++;
            }
            else
            {
                events++;
            }

            previous = at;
        }

        ReadOnlySlice<StepObservation> completedSlice;
        Span<StepObservation> completed;
        if (buffer is not null)
        {
            completedSlice = buffer.Reserve(events, out completed);
        }
        else
        {
            var array = new StepObservation[events];
            completedSlice = new ReadOnlySlice<StepObservation>(array);
            completed = array;
        }

        var outOfOrderAchievements = outOfOrder == 0 ? [] : new OutOfOrderAchievement[outOfOrder];
        events = 0;
        outOfOrder = 0;
        previous = trackStart;
        var highestAchieved = -1;
        for (var i = 0; i < stepCount; i++)
        {
            var at = scratch[i];
            if (at == NotAchieved)
            {
                continue;
            }

            if (previous > at)
            {
                outOfOrderAchievements[outOfOrder++] = new OutOfOrderAchievement(
                    i, milestones[i].MilestoneId, UtcTime.FromTicks(previous), UtcTime.FromTicks(at));
            }
            else
            {
                completed[events++] = new StepObservation(i, milestones[i].MilestoneId, previous, at, isEvent: true);
            }

            previous = at;
            highestAchieved = i;
        }

        TrackMilestone? next = null;
        StepObservation? open = null;
        var openEnd = StepEnd.Censored;
        var nextIndex = highestAchieved + 1;
        if (nextIndex < stepCount)
        {
            next = milestones[nextIndex];
            var end = archivedAt is { } a && a < asOfTicks ? a : asOfTicks;
            if (closedAt is { } c && c <= end)
            {
                end = c;
                openEnd = company.Closure!.End;
            }

            if (end >= previous)
            {
                open = new StepObservation(nextIndex, next.MilestoneId, previous, end, isEvent: false);
            }
            else
            {
                openEnd = StepEnd.Censored;
            }
        }

        return new CompanySteps(company.CompanyId, true, completedSlice, open, next, outOfOrderAchievements, openEnd, closedAt is null ? StepEnd.Censored : company.Closure!.End);
    }
}
