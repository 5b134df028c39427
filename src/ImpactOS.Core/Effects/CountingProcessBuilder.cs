using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ImpactOS.Core.Statistics;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Effects;

/// <summary>
/// Builds the counting-process data of the program-effects model: every company step (as
/// <see cref="StepBuilder"/> defines them) split into intervals (a, b], in days since the step
/// started, wherever the set of programs in force or <c>meetings_90d</c> changes.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An interval (a, b] carries the values in force just after a: a company is in a program
/// from 00:00 UTC of <c>EnrolledOn</c> up to (not including) 00:00 UTC of <c>ExitedOn</c>;
/// <c>meetings_90d</c> at t counts meetings in [t − 90 days, t), so just after a it counts those in
/// (a − 90 days, a]. Candidate cuts are therefore enrolment dates, meetings and meetings + 90 days;
/// a cut where nothing changes is not made (adjacent equal intervals are one row).</item>
/// <item><c>Event</c> is true only on the last interval of a step that ended in its milestone.</item>
/// <item>A zero-length step (an event at day 0, or an open step censored at its start) cannot be
/// an interval (R's <c>Surv</c> refuses start = stop): it is left out and counted.</item>
/// </list>
/// </remarks>
public static class CountingProcessBuilder
{
    private const long NinetyDays = 90 * TimeSpan.TicksPerDay;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public static CountingProcess Build(IReadOnlyList<TrackEffectsInput> tracks, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (asOf.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Program effects work on UTC instants; a DateTime of kind Local was passed.", nameof(asOf));
        }

        var rows = new List<CountingProcessRow>();
        var strataOfRows = new List<int>();
        var clustersOfRows = new List<int>();
        var strata = new Dictionary<(Guid Track, int Step), int>();
        var asOfTicks = asOf.Ticks;
        var zeroLength = 0;
        var steps = 0;
        var companies = 0;
        var cuts = new List<long>();
        var windows = new List<(Guid Program, long Start, long End)>();
        var programs = new List<Guid>();
        foreach (var track in tracks)
        {
            ArgumentNullException.ThrowIfNull(track);
            var layout = TrackLayout.Create(track.Milestones);
            var scratch = new long[layout.Count];
            foreach (var company in track.Companies)
            {
                ArgumentNullException.ThrowIfNull(company);
                var companySteps = StepBuilder.Build(layout, company.History, asOfTicks, scratch, buffer: null);
                var meetings = SortedTicks(company.Meetings);
                Windows(company.Enrolments, windows);
                var rowsBefore = rows.Count;
                for (var i = 0; i <= companySteps.Completed.Count; i++)
                {
                    StepObservation step;
                    if (i < companySteps.Completed.Count)
                    {
                        step = companySteps.Completed[i];
                    }
                    else if (companySteps.Open is { } open)
                    {
                        step = open;
                    }
                    else
                    {
                        break;
                    }

                    var start = step.StartedAt.Ticks;
                    var end = step.EndedAt.Ticks;
                    if (end == start)
                    {
                        zeroLength++;
                        continue;
                    }

                    steps++;
                    var before = rows.Count;
                    AddStep(rows, cuts, programs, company.History.CompanyId, track.TrackId, step, start, end, windows, meetings);
                    if (!strata.TryGetValue((track.TrackId, step.StepIndex), out var stratum))
                    {
                        stratum = strata.Count;
                        strata.Add((track.TrackId, step.StepIndex), stratum);
                    }

                    for (var r = before; r < rows.Count; r++)
                    {
                        strataOfRows.Add(stratum);
                        clustersOfRows.Add(companies); // the company's index among those with rows
                    }
                }

                if (rows.Count > rowsBefore)
                {
                    companies++;
                }
            }
        }

        return new CountingProcess(rows, [.. strataOfRows], [.. clustersOfRows], strata.Count, companies, steps, zeroLength);
    }

    private static void AddStep(
        List<CountingProcessRow> rows,
        List<long> cuts,
        List<Guid> programs,
        Guid companyId,
        Guid trackId,
        StepObservation step,
        long start,
        long end,
        List<(Guid Program, long Start, long End)> windows,
        long[] meetings)
    {
        cuts.Clear();
        cuts.Add(start);
        foreach (var w in windows)
        {
            AddCut(cuts, w.Start, start, end);
            AddCut(cuts, w.End, start, end);
        }

        // Only meetings that can matter inside the step: those in (start − 90 days, end).
        var first = SortedArrays.UpperBound(meetings, start - NinetyDays);
        for (var m = first; m < meetings.Length && meetings[m] < end; m++)
        {
            AddCut(cuts, meetings[m], start, end);
            AddCut(cuts, meetings[m] + NinetyDays, start, end);
        }

        cuts.Sort();
        IReadOnlyList<Guid> current = [];
        var currentMeetings = -1;
        var intervalStart = start;
        var previousCut = long.MinValue;
        foreach (var cut in cuts)
        {
            if (cut == previousCut)
            {
                continue;
            }

            previousCut = cut;
            var inForce = ProgramsInForce(windows, cut, programs, current);
            var meetings90 = SortedArrays.UpperBound(meetings, cut) - SortedArrays.UpperBound(meetings, cut - NinetyDays);
            if (cut == start)
            {
                current = inForce;
                currentMeetings = meetings90;
                continue;
            }

            if (ReferenceEquals(inForce, current) && meetings90 == currentMeetings)
            {
                continue; // nothing changes here
            }

            rows.Add(Row(companyId, trackId, step, start, intervalStart, cut, isEvent: false, current, currentMeetings));
            intervalStart = cut;
            current = inForce;
            currentMeetings = meetings90;
        }

        rows.Add(Row(companyId, trackId, step, start, intervalStart, end, step.IsEvent, current, currentMeetings));
    }

    private static CountingProcessRow Row(
        Guid companyId, Guid trackId, StepObservation step, long stepStart, long from, long to, bool isEvent, IReadOnlyList<Guid> programs, int meetings) =>
        new(companyId, trackId, step.MilestoneId, step.StepIndex,
            (double)(from - stepStart) / TimeSpan.TicksPerDay,
            (double)(to - stepStart) / TimeSpan.TicksPerDay,
            isEvent, programs.Count > 0, meetings, programs);

    private static void AddCut(List<long> cuts, long at, long start, long end)
    {
        if (at > start && at < end)
        {
            cuts.Add(at);
        }
    }

    // The sorted programs in force just after `at`; returns `previous` itself when unchanged, so
    // consecutive rows share one list and the comparison above is a reference check.
    private static IReadOnlyList<Guid> ProgramsInForce(
        List<(Guid Program, long Start, long End)> windows, long at, List<Guid> scratch, IReadOnlyList<Guid> previous)
    {
        scratch.Clear();
        foreach (var w in windows)
        {
            if (w.Start <= at && at < w.End && !scratch.Contains(w.Program))
            {
                scratch.Add(w.Program);
            }
        }

        if (scratch.Count == previous.Count)
        {
            var same = true;
            foreach (var id in scratch)
            {
                if (!Contains(previous, id))
                {
                    same = false;
                    break;
                }
            }

            if (same)
            {
                return previous;
            }
        }

        if (scratch.Count == 0)
        {
            return [];
        }

        var result = scratch.ToArray();
        Array.Sort(result);
        return result;
    }

    private static bool Contains(IReadOnlyList<Guid> list, Guid id)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    private static void Windows(IReadOnlyList<ProgramEnrolment> enrolments, List<(Guid, long, long)> windows)
    {
        ArgumentNullException.ThrowIfNull(enrolments);
        windows.Clear();
        foreach (var e in enrolments)
        {
            var start = e.EnrolledOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
            var end = e.ExitedOn is { } exited ? exited.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks : long.MaxValue;
            if (end > start)
            {
                windows.Add((e.ProgramId, start, end)); // an empty window [d, d) is never in force
            }
        }
    }

    private static long[] SortedTicks(IReadOnlyList<DateTime> instants)
    {
        ArgumentNullException.ThrowIfNull(instants);
        var ticks = new long[instants.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            if (instants[i].Kind == DateTimeKind.Local)
            {
                throw new ArgumentException("Meeting instants must be UTC.", nameof(instants));
            }

            ticks[i] = instants[i].Ticks;
        }

        Array.Sort(ticks);
        return ticks;
    }
}

/// <summary>The counting-process rows and the counts a report shows about them.</summary>
public sealed class CountingProcess
{
    // Stratum (track step) and cluster (company) index of each row, assigned while building.
    private readonly int[] _strata;
    private readonly int[] _clusters;
    private readonly List<CountingProcessRow> _rows;
    private int[]? _sweepOrder;

    internal CountingProcess(
        List<CountingProcessRow> rows, int[] strata, int[] clusters, int strataCount, int companies, int steps, int zeroLengthStepsLeftOut)
    {
        Rows = rows;
        _rows = rows;
        _strata = strata;
        _clusters = clusters;
        Strata = strataCount;
        Companies = companies;
        Steps = steps;
        ZeroLengthStepsLeftOut = zeroLengthStepsLeftOut;
    }

    public IReadOnlyList<CountingProcessRow> Rows { get; }

    /// <summary>Distinct strata (track steps) among the rows.</summary>
    public int Strata { get; }

    /// <summary>Companies with at least one interval.</summary>
    public int Companies { get; }

    /// <summary>Company steps (waiting periods) in the data.</summary>
    public int Steps { get; }

    /// <summary>Steps of zero length left out of the model.</summary>
    public int ZeroLengthStepsLeftOut { get; }

    /// <summary>The rows by stratum, then stop descending: the order the Cox engine sweeps them in.
    /// The model's data is laid out in it, so the engine reads its rows one after another instead of
    /// gathering them from all over memory (the cost of building it was mostly cache misses).
    /// Computed once and shared by both models.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private int[] SweepOrder()
    {
        if (_sweepOrder is { } known)
        {
            return known;
        }

        var n = _rows.Count;
        var bounds = new int[Strata + 1];
        foreach (var stratum in _strata)
        {
            bounds[stratum + 1]++;
        }

        for (var s = 0; s < Strata; s++)
        {
            bounds[s + 1] += bounds[s];
        }

        var next = (int[])bounds.Clone();
        var order = new int[n];
        for (var r = 0; r < n; r++)
        {
            order[next[_strata[r]]++] = r;
        }

        var rows = CollectionsMarshal.AsSpan(_rows);
        var keys = new double[n];
        for (var k = 0; k < n; k++)
        {
            keys[k] = -rows[order[k]].TStop;
        }

        // Within a stratum the rows start in their own order, so the sort (not stable, but
        // deterministic) orders ties the same way every time.
        Parallel.For(0, Strata, s => Array.Sort(keys, order, bounds[s], bounds[s + 1] - bounds[s]));

        // Two threads may both compute it; they compute the same array.
        return _sweepOrder = order;
    }

    /// <summary>The programs in force on at least one row, sorted by id (the by-program model's order).</summary>
    public IReadOnlyList<Guid> ProgramsInForce()
    {
        var set = new HashSet<Guid>();
        foreach (var row in Rows)
        {
            foreach (var id in row.ProgramIds)
            {
                set.Add(id);
            }
        }

        var result = set.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// The data of the Cox model: terms <c>enrolled</c> (or one <c>program:{id}</c> per program in
    /// <paramref name="programs"/>, default <see cref="ProgramsInForce"/>) and <c>meetings_90d</c>;
    /// stratum = track × milestone step, cluster = company.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public CoxData ToCoxData(EffectsBy by, IReadOnlyList<Guid>? programs = null)
    {
        var n = Rows.Count;
        programs ??= ProgramsInForce();
        var programIndex = new Dictionary<Guid, int>();
        var names = new List<string>();
        if (by == EffectsBy.Any)
        {
            names.Add("enrolled");
        }
        else
        {
            foreach (var id in programs)
            {
                programIndex.Add(id, names.Count);
                names.Add($"program:{id}");
            }
        }

        var meetingsColumn = names.Count;
        names.Add("meetings_90d");
        var p = names.Count;
        var start = new double[n];
        var stop = new double[n];
        var events = new bool[n];
        var strata = new int[n];
        var clusters = new int[n];
        var rowStart = new int[n + 1];
        var columns = new List<int>(n * 2);
        var values = new List<double>(n * 2);
        var rows = CollectionsMarshal.AsSpan(_rows);
        var order = SweepOrder();
        for (var k = 0; k < n; k++)
        {
            var r = order[k];
            ref readonly var row = ref rows[r];
            start[k] = row.TStart;
            stop[k] = row.TStop;
            events[k] = row.Event;
            strata[k] = _strata[r];
            clusters[k] = _clusters[r];
            if (by == EffectsBy.Any)
            {
                if (row.Enrolled)
                {
                    columns.Add(0);
                    values.Add(1);
                }
            }
            else
            {
                foreach (var id in row.ProgramIds)
                {
                    if (programIndex.TryGetValue(id, out var j))
                    {
                        columns.Add(j);
                        values.Add(1);
                    }
                }
            }

            if (row.Meetings90d != 0)
            {
                columns.Add(meetingsColumn);
                values.Add(row.Meetings90d);
            }

            rowStart[k + 1] = columns.Count;
        }

        return new CoxData(start, stop, events, strata, clusters, new SparseRows(rowStart, [.. columns], [.. values], p), names);
    }
}
