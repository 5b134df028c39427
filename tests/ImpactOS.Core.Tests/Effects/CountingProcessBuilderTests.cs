using ImpactOS.Core.Effects;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>The conventions of the counting-process rows, on hand-made companies.</summary>
public sealed class CountingProcessBuilderTests
{
    private static readonly Guid s_track = Guid.Parse("00000000-0000-4000-8000-00000000000a");
    private static readonly Guid s_m1 = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly Guid s_m2 = Guid.Parse("00000000-0000-4000-8000-000000000002");
    private static readonly Guid s_programA = Guid.Parse("a0000000-0000-4000-8000-000000000000");
    private static readonly Guid s_programB = Guid.Parse("b0000000-0000-4000-8000-000000000000");
    private static readonly DateTime s_start = new(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_asOf = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static TrackMilestone[] Milestones => [new(s_m1, 1, "One"), new(s_m2, 2, "Two")];

    private static CountingProcess Build(
        IReadOnlyList<Achievement> achievements,
        IReadOnlyList<ProgramEnrolment>? enrolments = null,
        IReadOnlyList<DateTime>? meetings = null,
        Guid? company = null) =>
        CountingProcessBuilder.Build(
            [new TrackEffectsInput(s_track, Milestones, [Company(achievements, enrolments, meetings, company)])],
            s_asOf);

    private static CompanyEffectsInput Company(
        IReadOnlyList<Achievement> achievements, IReadOnlyList<ProgramEnrolment>? enrolments, IReadOnlyList<DateTime>? meetings, Guid? company) =>
        new(new CompanyHistory(company ?? Guid.NewGuid(), s_start, null, achievements), enrolments ?? [], meetings ?? []);

    [Fact]
    public void AStepWithoutChangesIsOneIntervalWhoseEventIsTheMilestone()
    {
        var process = Build([new Achievement(s_m1, s_start.AddDays(10)), new Achievement(s_m2, s_start.AddDays(15))]);

        Assert.Collection(
            process.Rows,
            r => Assert.Equal((0.0, 10.0, true, s_m1), (r.TStart, r.TStop, r.Event, r.MilestoneId)),
            r => Assert.Equal((0.0, 5.0, true, s_m2), (r.TStart, r.TStop, r.Event, r.MilestoneId)));
        Assert.Equal(2, process.Steps);
        Assert.Equal(1, process.Companies);
    }

    [Fact]
    public void EnrolmentChangesAtMidnightUtcOfItsDatesAndOnlyTheLastIntervalCarriesTheEvent()
    {
        // Step from Jan 1 12:00 to Jan 21 12:00; enrolled [Jan 5, Jan 11).
        var process = Build(
            [new Achievement(s_m1, s_start.AddDays(20))],
            [new ProgramEnrolment(s_programA, new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 11))]);

        var first = process.Rows.Where(r => r.MilestoneId == s_m1).ToArray();
        Assert.Equal([(0.0, 3.5), (3.5, 9.5), (9.5, 20.0)], first.Select(r => (r.TStart, r.TStop)));
        Assert.Equal([false, true, false], first.Select(r => r.Enrolled));
        Assert.Equal([false, false, true], first.Select(r => r.Event));
        Assert.Equal([s_programA], first[1].ProgramIds);
    }

    [Fact]
    public void OpenStepIsCensoredAndAnOpenEnrolmentRunsToItsEnd()
    {
        var process = Build([], [new ProgramEnrolment(s_programA, new DateOnly(2024, 6, 1), null)]);

        var rows = process.Rows;
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.False(r.Event));
        Assert.Equal(s_m1, rows[1].MilestoneId);
        Assert.True(rows[1].Enrolled);
        Assert.Equal((s_asOf - s_start).TotalDays, rows[1].TStop);
    }

    [Fact]
    public void MeetingsCountInTheNinetyDaysBeforeAndChangeAtTheMeetingAndNinetyDaysAfterIt()
    {
        var meeting = s_start.AddDays(10);
        var before = s_start.AddDays(-85); // counts until day 5 after the step start
        var process = Build([new Achievement(s_m1, s_start.AddDays(200))], meetings: [before, meeting]);

        var rows = process.Rows.Where(r => r.MilestoneId == s_m1);
        Assert.Equal(
            [(0.0, 5.0, 1), (5.0, 10.0, 0), (10.0, 100.0, 1), (100.0, 200.0, 0)],
            rows.Select(r => (r.TStart, r.TStop, r.Meetings90d)));
    }

    [Fact]
    public void ACutWhereNothingChangesIsNotMade()
    {
        // Program A ends the day B starts: enrolled stays 1 but the programs change; a meeting leaving
        // the 90 days at the instant another arrives keeps the count.
        var m1 = s_start.AddDays(5);
        var process = Build(
            [new Achievement(s_m1, s_start.AddDays(150))],
            [new ProgramEnrolment(s_programA, new DateOnly(2023, 12, 1), new DateOnly(2024, 2, 1)),
             new ProgramEnrolment(s_programB, new DateOnly(2024, 2, 1), null)],
            [m1, m1.AddDays(90)]);

        // Cuts at day 5 (meeting) and day 30.5 (Feb 1): none at day 95, where the count stays 1.
        var rows = process.Rows.Where(r => r.MilestoneId == s_m1).ToArray();
        Assert.Equal([(0.0, 5.0), (5.0, 30.5), (30.5, 150.0)], rows.Select(r => (r.TStart, r.TStop)));
        Assert.Equal([[s_programA], [s_programA], [s_programB]], rows.Select(r => r.ProgramIds.ToArray()));
        Assert.All(rows, r => Assert.True(r.Enrolled));
        Assert.Equal([0, 1, 1], rows.Select(r => r.Meetings90d));
    }

    [Fact]
    public void ZeroLengthStepsAreLeftOutAndCounted()
    {
        var process = Build([new Achievement(s_m1, s_start), new Achievement(s_m2, s_start.AddDays(3))]);

        Assert.Equal(1, process.ZeroLengthStepsLeftOut);
        Assert.Equal(1, process.Steps);
        var row = Assert.Single(process.Rows);
        Assert.Equal(s_m2, row.MilestoneId);
    }

    [Fact]
    public void StrataAreTrackStepsAndClustersAreCompaniesInTheCoxData()
    {
        var company = Guid.NewGuid();
        var otherTrack = Guid.NewGuid();
        var achievements = new[] { new Achievement(s_m1, s_start.AddDays(4)), new Achievement(s_m2, s_start.AddDays(9)) };
        var process = CountingProcessBuilder.Build(
            [
                new TrackEffectsInput(s_track, Milestones, [Company(achievements, null, null, company), Company(achievements, null, null, null)]),
                new TrackEffectsInput(otherTrack, Milestones, [Company(achievements, null, null, null)]),
            ],
            s_asOf);

        var data = process.ToCoxData(EffectsBy.Any);

        Assert.Equal(4, process.Strata);
        Assert.Equal(4, data.Strata.Distinct().Count());
        Assert.Equal(3, data.Clusters!.Distinct().Count());
        Assert.Equal(3, process.Companies);
    }

    [Fact]
    public void ByProgramHasOneIndicatorPerProgramInForceSortedById()
    {
        var process = Build(
            [new Achievement(s_m1, s_start.AddDays(40))],
            [new ProgramEnrolment(s_programB, new DateOnly(2024, 1, 10), null),
             new ProgramEnrolment(s_programA, new DateOnly(2024, 1, 20), null)]);

        var data = process.ToCoxData(EffectsBy.Program);

        Assert.Equal([$"program:{s_programA}", $"program:{s_programB}", "meetings_90d"], data.TermNames);
        Assert.Equal([s_programA, s_programB], process.Rows.Last().ProgramIds);
    }

    [Fact]
    public void ManyCompaniesBuiltSideBySideComeOutInCompanyOrderAsOneByOneBuildsGiveThem()
    {
        // More companies than the builder's chunks; every seventh has only zero-length steps (no rows).
        var companies = Enumerable.Range(0, 70)
            .Select(i => Company(
                i % 7 == 0 ? [new Achievement(s_m1, s_start), new Achievement(s_m2, s_start)] : [new Achievement(s_m1, s_start.AddDays(1 + i))],
                i % 3 == 0 ? [new ProgramEnrolment(s_programA, new DateOnly(2024, 2, 1), null)] : null,
                [s_start.AddDays(i % 5)],
                null))
            .ToArray();

        var process = CountingProcessBuilder.Build([new TrackEffectsInput(s_track, Milestones, companies)], s_asOf);
        var oneByOne = companies.SelectMany(c => CountingProcessBuilder.Build([new TrackEffectsInput(s_track, Milestones, [c])], s_asOf).Rows);

        static object Key(CountingProcessRow r) => (r.CompanyId, r.MilestoneId, r.TStart, r.TStop, r.Event, r.Meetings90d, string.Join(",", r.ProgramIds));
        Assert.Equal(oneByOne.Select(Key), process.Rows.Select(Key));
        Assert.Equal(60, process.Companies);
        Assert.Equal(120, process.Steps);
        Assert.Equal(20, process.ZeroLengthStepsLeftOut);
        var clusters = process.ToCoxData(EffectsBy.Any).Clusters!;
        Assert.Equal(Enumerable.Range(0, 60), clusters.Distinct().Order());
    }

    private static CompanyEffectsInput[] SeventyCompanies() =>
        [.. Enumerable.Range(0, 70)
            .Select(i => Company(
                i % 7 == 0 ? [new Achievement(s_m1, s_start), new Achievement(s_m2, s_start)] : [new Achievement(s_m1, s_start.AddDays(1 + i))],
                i % 3 == 0 ? [new ProgramEnrolment(s_programA, new DateOnly(2024, 2, 1), null)] : null,
                [s_start.AddDays(i % 5)],
                null))];

    private static void AssertSameData(CountingProcess expected, CountingProcess actual)
    {
        static object Key(CountingProcessRow r) => (r.CompanyId, r.MilestoneId, r.TStart, r.TStop, r.Event, r.Meetings90d, string.Join(",", r.ProgramIds));
        Assert.Equal(expected.Rows.Select(Key), actual.Rows.Select(Key));
        Assert.Equal((expected.Companies, expected.Steps, expected.Strata, expected.ZeroLengthStepsLeftOut), (actual.Companies, actual.Steps, actual.Strata, actual.ZeroLengthStepsLeftOut));
        var (e, a) = (expected.ToCoxData(EffectsBy.Program), actual.ToCoxData(EffectsBy.Program));
        Assert.Equal(e.Strata, a.Strata);
        Assert.Equal(e.Clusters, a.Clusters);
        Assert.Equal(e.Start, a.Start);
        Assert.Equal(e.TermNames, a.TermNames);
    }

    [Fact]
    public void ABuildAfterAWriteReusesTheUnchangedCompaniesRowsAndGivesTheSameDataAsAFreshBuild()
    {
        var companies = SeventyCompanies();
        var steps = Milestones;
        var before = CountingProcessBuilder.Build([new TrackEffectsInput(s_track, steps, companies)], s_asOf);

        // Company 0 had only zero-length steps and now has rows (so every later company's cluster
        // number moves), company 40 gets a program: new input objects, the others are the same ones.
        var after = (CompanyEffectsInput[])companies.Clone();
        after[0] = after[0] with { History = after[0].History with { Achievements = [new Achievement(s_m1, s_start.AddDays(3))] } };
        after[40] = after[40] with { Enrolments = [new ProgramEnrolment(s_programB, new DateOnly(2024, 1, 20), null)] };
        var tracks = new[] { new TrackEffectsInput(s_track, steps, after) };

        var reused = CountingProcessBuilder.Build(tracks, s_asOf, previous: before);

        AssertSameData(CountingProcessBuilder.Build(tracks, s_asOf), reused);

        // The run holding companies 5…8 was not rebuilt: its rows are the earlier ones, down to
        // their shared step objects; company 0's and 40's are new.
        var earlier = before.Rows.First(r => r.CompanyId == companies[6].History.CompanyId);
        Assert.Same(earlier.Step, reused.Rows.First(r => r.CompanyId == companies[6].History.CompanyId).Step);
        Assert.NotSame(
            before.Rows.First(r => r.CompanyId == companies[40].History.CompanyId).Step,
            reused.Rows.First(r => r.CompanyId == companies[40].History.CompanyId).Step);
        Assert.Contains(reused.Rows, r => r.CompanyId == companies[0].History.CompanyId);
    }

    [Fact]
    public void ABuildAtAnotherInstantOrOnOtherStepsReusesNothingAndIsStillRight()
    {
        var companies = SeventyCompanies();
        var tracks = new[] { new TrackEffectsInput(s_track, Milestones, companies) };
        var before = CountingProcessBuilder.Build(tracks, s_asOf);

        var later = s_asOf.AddDays(30);
        var atLater = CountingProcessBuilder.Build(tracks, later, previous: before);
        AssertSameData(CountingProcessBuilder.Build(tracks, later), atLater);
        Assert.NotSame(before.Rows[0].Step, atLater.Rows[0].Step);

        // The same companies on a new list of steps (a step renamed or moved is a reload).
        TrackMilestone[] renamed = [new(s_m1, 1, "One"), new(s_m2, 2, "Second")];
        var otherSteps = new[] { new TrackEffectsInput(s_track, renamed, companies) };
        var onOtherSteps = CountingProcessBuilder.Build(otherSteps, s_asOf, previous: before);
        AssertSameData(CountingProcessBuilder.Build(otherSteps, s_asOf), onOtherSteps);
        Assert.NotSame(before.Rows[0].Step, onOtherSteps.Rows[0].Step);
    }

    [Fact]
    public void AMeetingInLocalTimeIsRefusedAsAnArgumentError()
    {
        var local = new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Build([new Achievement(s_m1, s_start.AddDays(40))], meetings: [local]));
    }
}
