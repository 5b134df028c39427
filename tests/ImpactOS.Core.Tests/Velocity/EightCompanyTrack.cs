using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>
/// A small three-milestone track whose numbers can be derived by hand (asOf = day 100).
/// </summary>
/// <remarks>
/// <code>
/// company  start  achievements (day)                 steps (days; E = event, C = censored)
/// C1       0      M1@10 M2@30 M3@60                 M1 E10, M2 E20, M3 E30 (complete)
/// C2       0      M1@20 M2@50                       M1 E20, M2 E30, M3 C50
/// C3       0      M1@20 M2@80                       M1 E20, M2 E60, M3 C20
/// C4       0      M1@30                             M1 E30, M2 C70
/// C5       0      M1@40 M3@70 (M2 skipped)          M1 E40, M3 E30 (complete)
/// C6       60     —                                 M1 C40
/// C7       20     M1@20 M2@15 (out of order)        M1 E0, M3 C85 (from M2's day 15)
/// C8       0      ?@5 M1@50 M2@120, archived @90    M1 E50, M2 C40 (unknown and post-asOf ignored)
///
/// M1: 0E 10E 20E 20E 30E 40E 40C 50E  → S = .875 .75 .5 .375 .25 0  → P25 15, median 25, P75 45
/// M2: 20E 30E 40C 60E 70C             → S = .8 .6 .6 .3 .3          → P25 30, median 60, P75 —
/// M3: 20C 30E 30E 50C 85C             → S = 1 .5 .5 .5              → P25 30, median (30+85)/2, P75 —
/// </code>
/// </remarks>
internal static class EightCompanyTrack
{
    public static readonly DateTime Day0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly TrackMilestone M1 = new(Guid.Parse("10000000-0000-0000-0000-000000000001"), 1, "Incorporated");
    public static readonly TrackMilestone M2 = new(Guid.Parse("10000000-0000-0000-0000-000000000002"), 2, "MVP");
    public static readonly TrackMilestone M3 = new(Guid.Parse("10000000-0000-0000-0000-000000000003"), 3, "First revenue");

    public static readonly TrackMilestone[] Track = [M1, M2, M3];

    public static readonly DateTime AsOf = At(100);

    public static readonly Guid C1 = Id(1), C2 = Id(2), C3 = Id(3), C4 = Id(4), C5 = Id(5), C6 = Id(6), C7 = Id(7), C8 = Id(8);

    public static IReadOnlyList<CompanyHistory> Companies() =>
    [
        new(C1, At(0), null, [Got(M1, 10), Got(M2, 30), Got(M3, 60)]),
        new(C2, At(0), null, [Got(M1, 20), Got(M2, 50)]),
        new(C3, At(0), null, [Got(M2, 80), Got(M1, 20)]),
        new(C4, At(0), null, [Got(M1, 30)]),
        new(C5, At(0), null, [Got(M1, 40), Got(M3, 70)]),
        new(C6, At(60), null, []),
        new(C7, At(20), null, [Got(M1, 20), Got(M2, 15)]),
        new(C8, At(0), At(90), [new Achievement(Guid.Parse("10000000-0000-0000-0000-0000000000ff"), At(5)), Got(M1, 50), Got(M2, 120)]),
    ];

    public static DateTime At(double day) => Day0.AddTicks((long)Math.Round(day * TimeSpan.TicksPerDay));

    private static Achievement Got(TrackMilestone milestone, double day) => new(milestone.MilestoneId, At(day));

    private static Guid Id(int n) => Guid.Parse($"c0000000-0000-0000-0000-{n:D12}");
}
