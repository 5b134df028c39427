using System.Buffers;
using System.Runtime.ExceptionServices;
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

    /// <summary>Companies are split into this many runs of consecutive companies, built side by
    /// side (and reused, after a write, where none of a run's companies changed).</summary>
    public const int Runs = 16;

    /// <param name="tracks">The tracks, their steps and companies. Treated as unchanging: a later
    /// build that is given this one as <paramref name="previous"/> compares inputs by reference.</param>
    /// <param name="asOf">The instant open steps are censored at (UTC).</param>
    /// <param name="previous">The data built from an earlier version of the same inputs, or null.
    /// Its rows are reused for every run of companies whose input objects are all the same ones
    /// (a write changes one company: after it, the inputs are the same objects but that company's),
    /// on the same tracks and the same instant; the result is the same as without it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public static CountingProcess Build(IReadOnlyList<TrackEffectsInput> tracks, DateTime asOf, CountingProcess? previous = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (asOf.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Program effects work on UTC instants; a DateTime of kind Local was passed.", nameof(asOf));
        }

        // Every company's rows depend on that company alone: runs of consecutive companies are built
        // side by side, then joined in order, numbering strata and clusters as one pass in company
        // order would, so the data (and every fit on it) is the same on any number of cores.
        var layouts = new TrackLayout[tracks.Count];
        var companies = new List<(int Track, CompanyEffectsInput Company)>();
        for (var t = 0; t < tracks.Count; t++)
        {
            var track = tracks[t];
            ArgumentNullException.ThrowIfNull(track);
            layouts[t] = TrackLayout.Create(track.Milestones);
            foreach (var company in track.Companies)
            {
                // Checked here, before the runs start: each run's row bound reads these counts.
                ArgumentNullException.ThrowIfNull(company);
                ArgumentNullException.ThrowIfNull(company.Enrolments);
                ArgumentNullException.ThrowIfNull(company.Meetings);
                companies.Add((t, company));
            }
        }

        var reusable = previous?.Memory is { } earlier && earlier.CanReuse(tracks, companies, asOf.Ticks) ? earlier : null;
        var parts = new RowsOfCompanies[Runs];
        try
        {
            Parallel.For(0, Runs, c =>
            {
                int from = (int)((long)companies.Count * c / Runs), to = (int)((long)companies.Count * (c + 1) / Runs);
                parts[c] = reusable is not null && reusable.SameCompanies(companies, from, to)
                    ? reusable.Parts[c]
                    : RowsOf(tracks, layouts, companies, from, to, asOf.Ticks);
            });
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            // Bad input fails as it would in one pass (an ArgumentException), not wrapped.
            ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
            throw;
        }

        var total = 0;
        foreach (var part in parts)
        {
            total += part.Count;
        }

        var rows = new List<CountingProcessRow>(total);
        var strataOfRows = new int[total];
        var clustersOfRows = new int[total];
        var strata = new Dictionary<(int Track, int Step), int>();
        int zeroLength = 0, steps = 0, clusters = 0, lastCompany = -1;
        foreach (var part in parts)
        {
            zeroLength += part.ZeroLength;
            steps += part.StepsOfRows.Count;
            var rowStart = rows.Count;
            foreach (var step in part.StepsOfRows)
            {
                if (!strata.TryGetValue((step.Track, step.Step), out var stratum))
                {
                    stratum = strata.Count;
                    strata.Add((step.Track, step.Step), stratum);
                }

                if (step.Company != lastCompany)
                {
                    lastCompany = step.Company;
                    clusters++;
                }

                // The step's rows: its stratum, and its company's index among those with rows.
                Array.Fill(strataOfRows, stratum, rowStart + step.From, step.To - step.From);
                Array.Fill(clustersOfRows, clusters - 1, rowStart + step.From, step.To - step.From);
            }

            rows.AddRange(part.Span);
        }

        // The runs as they sit in the joined rows (their own lists are let go).
        var kept = new RowsOfCompanies[Runs];
        for (int c = 0, offset = 0; c < Runs; offset += parts[c].Count, c++)
        {
            kept[c] = parts[c] with { Rows = rows, Offset = offset };
        }

        var memory = new BuildMemory(tracks, companies, asOf.Ticks, kept);
        var reused = reusable is null ? 0 : Enumerable.Range(0, Runs).Count(c => ReferenceEquals(parts[c], reusable.Parts[c]));
        return new CountingProcess(rows, strataOfRows, clustersOfRows, strata.Count, clusters, steps, zeroLength, memory) { RunsReused = reused };
    }

    /// <summary>The rows of companies [from, to) of the flattened list (rows [Offset, Offset + Count)
    /// of Rows) and, per company step, its rows [From, To) counted from Offset, its track and step
    /// index and its company (its position in the list).</summary>
    internal sealed record RowsOfCompanies(
        List<CountingProcessRow> Rows, int Offset, int Count, List<(int From, int To, int Track, int Step, int Company)> StepsOfRows, int ZeroLength)
    {
        public ReadOnlySpan<CountingProcessRow> Span => CollectionsMarshal.AsSpan(Rows).Slice(Offset, Count);
    }

    /// <summary>What a build was made from and how its rows fall into runs of companies, for a
    /// later build to reuse the runs whose companies did not change.</summary>
    internal sealed class BuildMemory(
        IReadOnlyList<TrackEffectsInput> tracks, List<(int Track, CompanyEffectsInput Company)> companies, long asOfTicks, RowsOfCompanies[] parts)
    {
        /// <summary>Per run: where its rows start among the joined rows, and its steps.</summary>
        public RowsOfCompanies[] Parts { get; } = parts;

        /// <summary>The same instant, the same tracks (ids and step lists) and as many companies,
        /// so the runs fall on the same companies.</summary>
        public bool CanReuse(IReadOnlyList<TrackEffectsInput> others, List<(int Track, CompanyEffectsInput Company)> otherCompanies, long otherAsOf)
        {
            if (otherAsOf != asOfTicks || others.Count != tracks.Count || otherCompanies.Count != companies.Count)
            {
                return false;
            }

            for (var t = 0; t < tracks.Count; t++)
            {
                if (others[t].TrackId != tracks[t].TrackId || !ReferenceEquals(others[t].Milestones, tracks[t].Milestones))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Companies [from, to) are the very same input objects, on the same tracks.</summary>
        public bool SameCompanies(List<(int Track, CompanyEffectsInput Company)> others, int from, int to)
        {
            for (var c = from; c < to; c++)
            {
                if (others[c].Track != companies[c].Track || !ReferenceEquals(others[c].Company, companies[c].Company))
                {
                    return false;
                }
            }

            return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static RowsOfCompanies RowsOf(
        IReadOnlyList<TrackEffectsInput> tracks, TrackLayout[] layouts, List<(int Track, CompanyEffectsInput Company)> companies, int from, int to, long asOfTicks)
    {
        // A company has at most one row per step plus one per cut (a cut splits one step once):
        // sized for that, the list never grows by copying a million rows around.
        long bound = 0;
        for (var c = from; c < to; c++)
        {
            var (t, company) = companies[c];
            bound += layouts[t].Count + (2L * company.Meetings.Count) + (2L * company.Enrolments.Count);
        }

        var rows = new List<CountingProcessRow>((int)Math.Min(bound, Array.MaxLength));
        var stepsOfRows = new List<(int, int, int, int, int)>();
        var cuts = new List<long>();
        var windows = new List<(Guid Program, long Start, long End)>();
        var programs = new ProgramSets();
        var scratch = new long[layouts.Length == 0 ? 0 : layouts.Max(l => l.Count)];
        var zeroLength = 0;
        for (var c = from; c < to; c++)
        {
            var (t, company) = companies[c];
            var track = tracks[t];
            var companySteps = StepBuilder.Build(layouts[t], company.History, asOfTicks, scratch, buffer: null); // scratch: one slot per step of the longest track
            var meetings = SortedTicks(company.Meetings);
            Windows(company.Enrolments, windows);
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

                var before = rows.Count;
                AddStep(rows, cuts, programs, company.History.CompanyId, track.TrackId, step, start, end, windows, meetings);
                stepsOfRows.Add((before, rows.Count, t, step.StepIndex, c));
            }
        }

        return new RowsOfCompanies(rows, 0, rows.Count, stepsOfRows, zeroLength);
    }

    private static void AddStep(
        List<CountingProcessRow> rows,
        List<long> cuts,
        ProgramSets programs,
        Guid companyId,
        Guid trackId,
        StepObservation step,
        long start,
        long end,
        List<(Guid Program, long Start, long End)> windows,
        long[] meetings)
    {
        var key = new CountingProcessStep(companyId, trackId, step.MilestoneId, step.StepIndex);
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

            rows.Add(Row(key, start, intervalStart, cut, isEvent: false, current, currentMeetings));
            intervalStart = cut;
            current = inForce;
            currentMeetings = meetings90;
        }

        rows.Add(Row(key, start, intervalStart, end, step.IsEvent, current, currentMeetings));
    }

    private static CountingProcessRow Row(
        CountingProcessStep step, long stepStart, long from, long to, bool isEvent, IReadOnlyList<Guid> programs, int meetings) =>
        new(step,
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
        List<(Guid Program, long Start, long End)> windows, long at, ProgramSets sets, IReadOnlyList<Guid> previous)
    {
        var scratch = sets.Scratch;
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
        return sets.Intern(result);
    }

    /// <summary>The program sets of a run of companies, one object per distinct set: a portfolio
    /// has few distinct sets (a company is in one or two programs at a time), and the model's rows
    /// look each one up once.</summary>
    private sealed class ProgramSets
    {
        private readonly Dictionary<Guid[], Guid[]> _sets = new(new SameIds());

        public List<Guid> Scratch { get; } = [];

        public Guid[] Intern(Guid[] sorted)
        {
            if (_sets.TryGetValue(sorted, out var known))
            {
                return known;
            }

            _sets.Add(sorted, sorted);
            return sorted;
        }

        private sealed class SameIds : IEqualityComparer<Guid[]>
        {
            public bool Equals(Guid[]? x, Guid[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(Guid[] ids)
            {
                var hash = new HashCode();
                foreach (var id in ids)
                {
                    hash.Add(id);
                }

                return hash.ToHashCode();
            }
        }
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
    private SweepLayout? _sweepLayout;


    internal CountingProcess(
        List<CountingProcessRow> rows,
        int[] strata,
        int[] clusters,
        int strataCount,
        int companies,
        int steps,
        int zeroLengthStepsLeftOut,
        CountingProcessBuilder.BuildMemory? memory = null)
    {
        Memory = memory;
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

    /// <summary>How the rows were built, for the next build after a write to reuse.</summary>
    internal CountingProcessBuilder.BuildMemory? Memory { get; }

    /// <summary>Of the <see cref="CountingProcessBuilder.Runs"/> runs of companies, how many were
    /// taken from the earlier build passed in (0 without one): how much a write's rebuild saved.</summary>
    public int RunsReused { get; init; }

    /// <summary>The rows by stratum, then stop descending: the order the Cox engine sweeps them in,
    /// and where each stratum's run starts in it (stratum s holds [Bounds[s], Bounds[s + 1])).
    /// The model's data is laid out in it, so the engine reads its rows one after another instead of
    /// gathering them from all over memory (the cost of building it was mostly cache misses).
    /// Computed once and shared by both models.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private SweepLayout SweepOrder()
    {
        if (_sweepLayout is { } known)
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

        // Each stratum's stops are gathered and sorted on its own, side by side. Stable: rows with
        // the same stop stay in the order they were built in.
        var keys = ArrayPool<double>.Shared.Rent(n);
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, Strata, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            var rows = CollectionsMarshal.AsSpan(_rows);
            int from = bounds[s], to = bounds[s + 1];
            for (var k = from; k < to; k++)
            {
                if (k + GatherAhead < to)
                {
                    Prefetch.Line(ref rows[order[k + GatherAhead]]);
                }

                keys[k] = rows[order[k]].TStop;
            }

            RadixSort.ByTimeDescending(keys, order, from, to - from);
        });
        ArrayPool<double>.Shared.Return(keys);

        // Two threads may both compute it; they compute the same arrays.
        return _sweepLayout = new SweepLayout(order, bounds);
    }

    private sealed record SweepLayout(int[] Order, int[] Bounds);

    /// <summary>The programs in force on at least one row, sorted by id (the by-program model's order).</summary>
    public IReadOnlyList<Guid> ProgramsInForce()
    {
        var set = new HashSet<Guid>();
        var lists = new HashSet<IReadOnlyList<Guid>>(ReferenceEqualityComparer.Instance);
        foreach (ref readonly var row in CollectionsMarshal.AsSpan(_rows))
        {
            // Rows share their program lists: each distinct list is read once.
            if (row.ProgramIds.Count > 0 && lists.Add(row.ProgramIds))
            {
                for (var i = 0; i < row.ProgramIds.Count; i++)
                {
                    set.Add(row.ProgramIds[i]);
                }
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

        // The non-zero values, counted first in the rows' own order (a read front to back), per
        // stratum, so the arrays are allocated once at their size and each stratum knows where its
        // entries start.
        var sweep = SweepOrder();
        var entryStart = new int[Strata + 1];
        {
            var rows = CollectionsMarshal.AsSpan(_rows);
            var programColumns = new ProgramColumns(programIndex);
            for (var r = 0; r < rows.Length; r++)
            {
                ref readonly var row = ref rows[r];
                entryStart[_strata[r] + 1] += ColumnsOf(row, by, programColumns).Length + (row.Meetings90d != 0 ? 1 : 0);
            }
        }

        for (var s = 0; s < Strata; s++)
        {
            entryStart[s + 1] += entryStart[s];
        }

        var columns = new int[entryStart[Strata]];
        var values = new double[entryStart[Strata]];

        // The strata are gathered side by side: each writes only its own run of rows and of entries.
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, Strata, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            var rows = CollectionsMarshal.AsSpan(_rows);
            var order = sweep.Order;
            var programColumns = new ProgramColumns(programIndex); // not shared: it caches as it goes
            int from = sweep.Bounds[s], to = sweep.Bounds[s + 1];
            var used = entryStart[s];
            for (var k = from; k < to; k++)
            {
                // The rows are read in sweep order, from all over the list: the one some rows ahead
                // is asked for now (a hint; see Prefetch).
                if (k + GatherAhead < to)
                {
                    var ahead = order[k + GatherAhead];
                    Prefetch.Line(ref rows[ahead]);
                    Prefetch.Line(ref _clusters[ahead]);
                }

                var r = order[k];
                ref readonly var row = ref rows[r];
                start[k] = row.TStart;
                stop[k] = row.TStop;
                events[k] = row.Event;
                strata[k] = s;
                clusters[k] = _clusters[r];
                foreach (var j in ColumnsOf(row, by, programColumns))
                {
                    columns[used] = j;
                    values[used++] = 1;
                }

                if (row.Meetings90d != 0)
                {
                    columns[used] = meetingsColumn;
                    values[used++] = row.Meetings90d;
                }

                rowStart[k + 1] = used;
            }
        });

        return new CoxData(start, stop, events, strata, clusters, new SparseRows(rowStart, columns, values, p), names);
    }

    private const int GatherAhead = 16;

    private static int[] ColumnsOf(in CountingProcessRow row, EffectsBy by, ProgramColumns programColumns) =>
        by == EffectsBy.Any ? (row.Enrolled ? ProgramColumns.Enrolled : []) : programColumns.Of(row.ProgramIds);

    /// <summary>The model columns of a row's programs, worked out once per list: rows share their
    /// program lists (consecutive intervals inside the same programs hold the same object), so a
    /// million rows need only as many look-ups as there are distinct lists.</summary>
    private sealed class ProgramColumns(Dictionary<Guid, int> programIndex)
    {
        public static readonly int[] Enrolled = [0];

        private readonly Dictionary<IReadOnlyList<Guid>, int[]> _byList = new(ReferenceEqualityComparer.Instance);
        private IReadOnlyList<Guid>? _lastList;
        private int[] _last = [];

        public int[] Of(IReadOnlyList<Guid> list)
        {
            if (ReferenceEquals(list, _lastList))
            {
                return _last;
            }

            if (!_byList.TryGetValue(list, out var found))
            {
                var columns = new List<int>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    if (programIndex.TryGetValue(list[i], out var j))
                    {
                        columns.Add(j);
                    }
                }

                found = [.. columns];
                _byList.Add(list, found);
            }

            _lastList = list;
            _last = found;
            return found;
        }
    }
}
