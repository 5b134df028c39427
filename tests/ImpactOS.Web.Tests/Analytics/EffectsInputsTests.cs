using ImpactOS.Core.Effects;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Analytics;

namespace ImpactOS.Web.Tests.Analytics;

/// <summary>How the program-effects inputs hand their counting-process rows from one version to the
/// next (each write makes a version), without a database.</summary>
public sealed class EffectsInputsTests
{
    private static readonly DateTime AsOf = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Program = Guid.CreateVersion7();
    private static readonly TrackMilestone[] Steps = [.. Enumerable.Range(1, 4).Select(i => new TrackMilestone(Guid.CreateVersion7(), i, $"Step {i}"))];

    [Fact]
    public void ARowsReadAfterTwoWritesNobodyReadBetweenReusesTheRowsOfTheLastRead()
    {
        var companies = Enumerable.Range(0, 64).Select(Company).ToArray();
        var read = new EffectsInputs([Track(companies)], []);
        Assert.Equal(0, read.Data(AsOf, null).RunsReused);

        // A mark (company 3 changes) and its undo (company 3 again, and 40 too), with no read between.
        var marked = Changed(companies, 3);
        var unread = new EffectsInputs([Track(marked)], [], earlier: read);
        var undone = Changed(marked, 3, 40);
        var next = new EffectsInputs([Track(undone)], [], earlier: unread);

        var rows = next.Data(AsOf, null);
        var fresh = CountingProcessBuilder.Build([Track(undone)], AsOf);

        // Two runs of four companies hold the changed ones: the other fourteen are reused, and the
        // rows are those of a build from scratch.
        Assert.Equal(CountingProcessBuilder.Runs - 2, rows.RunsReused);
        Assert.Equal(fresh.Rows.Select(Flat), rows.Rows.Select(Flat));
        Assert.Equal(
            ProgramEffectsCalculator.Compute(fresh, EffectsBy.Any).Fit!.LogLikFinal,
            next.Effects(AsOf, null, EffectsBy.Any).Fit!.LogLikFinal);
    }

    [Fact]
    public void AVersionThatWasReadHandsOnItsOwnRowsNotTheOlderOnes()
    {
        var companies = Enumerable.Range(0, 64).Select(Company).ToArray();
        var first = new EffectsInputs([Track(companies)], []);
        first.Data(AsOf, null);
        var changed = Changed(companies, 10);
        var second = new EffectsInputs([Track(changed)], [], earlier: first);
        second.Data(AsOf, null);

        // Built from the second version's rows, only company 20's run is new; from the first's, two.
        var third = new EffectsInputs([Track(Changed(changed, 20))], [], earlier: second);
        Assert.Equal(CountingProcessBuilder.Runs - 1, third.Data(AsOf, null).RunsReused);
    }

    private static string Flat(CountingProcessRow r) =>
        FormattableString.Invariant($"{r.CompanyId} {r.MilestoneId} {r.TStart:R} {r.TStop:R} {r.Event} {r.Enrolled} {r.Meetings90d} {string.Join(';', r.ProgramIds)}");

    private static TrackEffectsInput Track(IReadOnlyList<CompanyEffectsInput> companies) => new(Guid.Empty, Steps, companies);

    // The same inputs with the given companies as new objects, as a patch after a write makes them.
    private static CompanyEffectsInput[] Changed(CompanyEffectsInput[] companies, params int[] which)
    {
        var result = (CompanyEffectsInput[])companies.Clone();
        foreach (var i in which)
        {
            result[i] = result[i] with { Meetings = [.. result[i].Meetings] };
        }

        return result;
    }

    private static CompanyEffectsInput Company(int i)
    {
        var start = AsOf.AddDays(-400 - (7 * i));
        var achievements = Enumerable.Range(0, 1 + (i % 4))
            .Select(k => new Achievement(Steps[k].MilestoneId, start.AddDays(30 + (k * 60) + (i % 11))))
            .ToList();
        var enrolments = i % 3 == 0 ? new List<ProgramEnrolment> { new(Program, DateOnly.FromDateTime(start.AddDays(20)), DateOnly.FromDateTime(start.AddDays(140))) } : [];
        var meetings = Enumerable.Range(0, i % 5).Select(m => start.AddDays(10 + (m * 37))).ToList();
        return new CompanyEffectsInput(new CompanyHistory(Guid.CreateVersion7(), start, null, achievements), enrolments, meetings);
    }
}
