namespace ImpactOS.Core.Attribution;

/// <summary>Half-open time intervals [Start, End) and the union arithmetic exposure needs.</summary>
public readonly record struct Interval(DateTime Start, DateTime End)
{
    public double Days => (End - Start).TotalDays;

    public bool Contains(DateTime instant) => instant >= Start && instant < End;
}

public static class Intervals
{
    /// <summary>The windows clipped to [from, to) and merged where they overlap or touch.</summary>
    public static List<Interval> Union(IEnumerable<EnrollmentWindow> windows, DateTime from, DateTime to)
    {
        var clipped = windows
            .Select(w => new Interval(w.Start > from ? w.Start : from, w.End is { } end && end < to ? end : to))
            .Where(i => i.End > i.Start)
            .OrderBy(i => i.Start)
            .ToList();
        var merged = new List<Interval>(clipped.Count);
        foreach (var interval in clipped)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = interval.End > last.End ? interval.End : last.End };
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    public static double TotalDays(List<Interval> union) => union.Sum(i => i.Days);

    /// <summary>Whether a sorted, disjoint union contains the instant (binary search).</summary>
    public static bool Contains(List<Interval> union, DateTime instant)
    {
        int lo = 0, hi = union.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (instant < union[mid].Start)
            {
                hi = mid - 1;
            }
            else if (instant >= union[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
