using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>
/// Deterministic synthetic portfolios (also linked into the benchmark project). Companies start over
/// roughly four years, take exponentially distributed times per step, and include the awkward cases:
/// skipped milestones, out-of-order dates, archived companies, achievements after asOf, unknown milestones.
/// </summary>
internal static class SyntheticPortfolio
{
    public static readonly DateTime AsOf = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static (TrackMilestone[] Track, CompanyHistory[] Companies, DateTime AsOf) Create(int companyCount, int stepCount, int seed)
    {
        var random = new Random(seed);
        var track = new TrackMilestone[stepCount];
        for (var s = 0; s < stepCount; s++)
        {
            track[s] = new TrackMilestone(GuidFrom(random), (s + 1) * 10, $"Milestone {s + 1}");
        }

        var unknownMilestone = GuidFrom(random);
        var companies = new CompanyHistory[companyCount];
        for (var c = 0; c < companyCount; c++)
        {
            var start = AsOf - Hours(random, 1_500 * 24);
            DateTime? archivedAt = random.NextDouble() < 0.08 ? start + Hours(random, 1_200 * 24) : null;
            var achievements = new List<Achievement>(stepCount + 1);
            var previous = start;
            for (var s = 0; s < stepCount; s++)
            {
                if (random.NextDouble() < 0.05)
                {
                    continue; // skipped milestone
                }

                var meanDays = 30 + (8 * s);
                var days = -meanDays * Math.Log(1 - random.NextDouble());
                var achievedAt = random.NextDouble() < 0.01
                    ? previous - Hours(random, 10 * 24) // logged against track order
                    : previous + TimeSpan.FromHours(Math.Round(days * 24));
                achievements.Add(new Achievement(track[s].MilestoneId, achievedAt));
                if (achievedAt > AsOf)
                {
                    break; // one achievement after asOf, ignored by the analytics
                }

                previous = achievedAt;
            }

            if (random.NextDouble() < 0.02)
            {
                achievements.Add(new Achievement(unknownMilestone, start + Hours(random, 100 * 24)));
            }

            companies[c] = new CompanyHistory(GuidFrom(random), start, archivedAt, achievements);
        }

        return (track, companies, AsOf);
    }

    private static TimeSpan Hours(Random random, int maxHours) => TimeSpan.FromHours(random.Next(0, maxHours));

    private static Guid GuidFrom(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
