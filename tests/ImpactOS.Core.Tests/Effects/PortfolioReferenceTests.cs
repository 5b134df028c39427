using ImpactOS.Core.Effects;
using Xunit.Abstractions;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>
/// The generated portfolio: the C# counting-process builder against R's independent construction of
/// the same rows, and the two models of the issue (by any enrolment and by program) against coxph.
/// </summary>
public sealed class PortfolioReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<CountingProcess> s_process = new(() =>
        CountingProcessBuilder.Build([PortfolioReference.Track()], PortfolioReference.AsOf));

    [Fact]
    public void BuilderProducesExactlyTheRowsRBuiltFromTheSameCompanies()
    {
        var expected = PortfolioReference.Rows()
            .OrderBy(r => r.Company).ThenBy(r => r.Milestone).ThenBy(r => r.TStart)
            .ToArray();
        var actual = s_process.Value.Rows
            .OrderBy(r => r.CompanyId).ThenBy(r => r.MilestoneId).ThenBy(r => r.TStart)
            .ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var where = $"row {i} (company {e.Company}, milestone {e.Milestone}, tstart {e.TStart})";
            Assert.True(e.Company == a.CompanyId && e.Milestone == a.MilestoneId && e.Track == a.TrackId, where);
            Assert.True(Math.Abs(e.TStart - a.TStart) <= 1e-12 * Math.Max(1, e.TStart), $"{where}: tstart {a.TStart}");
            Assert.True(Math.Abs(e.TStop - a.TStop) <= 1e-12 * Math.Max(1, e.TStop), $"{where}: tstop {a.TStop}");
            Assert.True(e.Event == a.Event, $"{where}: event");
            Assert.True(e.Enrolled == a.Enrolled, $"{where}: enrolled");
            Assert.True(e.Meetings90d == a.Meetings90d, $"{where}: meetings_90d {a.Meetings90d}");
            Assert.True(e.ProgramIds == string.Join(';', a.ProgramIds), $"{where}: programs {string.Join(';', a.ProgramIds)}");
        }
    }

    [Fact]
    public void ZeroLengthStepsAreLeftOutAndCountedAsInR()
    {
        var process = s_process.Value;

        Assert.True(PortfolioReference.ZeroLengthStepsLeftOut > 0, "the fixture holds zero-length steps");
        Assert.Equal(PortfolioReference.ZeroLengthStepsLeftOut, process.ZeroLengthStepsLeftOut);
        Assert.All(process.Rows, r => Assert.True(r.TStop > r.TStart));
    }

    [Fact]
    public void FitByAnyEnrolmentMatchesCoxphWithStrataAndClusters()
    {
        var reference = PortfolioReference.Model("any");

        var fit = CoxFitter.Fit(s_process.Value.ToCoxData(EffectsBy.Any));

        Assert.Equal(["enrolled", "meetings_90d"], fit.Terms.Select(t => t.Name));
        var (what, relative) = CoxReferenceAssert.Matches(reference, fit);
        output.WriteLine($"portfolio by=any: largest relative difference from R {relative:E2} ({what})");
    }

    [Fact]
    public void FitByProgramMatchesCoxphAndMarksTheProgramWithoutExposedEventsNotEstimable()
    {
        var reference = PortfolioReference.Model("program");
        var programs = PortfolioReference.Programs;
        var unexposed = Array.IndexOf(reference.Infinite, true);

        var fit = CoxFitter.Fit(s_process.Value.ToCoxData(EffectsBy.Program, programs));

        // R warns that the third program's coefficient may be infinite (no event happened while in it).
        Assert.Equal(2, unexposed);
        Assert.DoesNotContain(s_process.Value.Rows, r => r.Event && r.ProgramIds.Contains(programs[2]));
        Assert.Equal(CoxTermStatus.Infinite, fit.Terms[unexposed].Status);
        Assert.False(fit.Terms[unexposed].Estimable);
        Assert.Contains(fit.Warnings, w => w.Contains("beta may be infinite", StringComparison.Ordinal));
        var (what, relative) = CoxReferenceAssert.Matches(reference, fit, new HashSet<int> { unexposed });
        output.WriteLine($"portfolio by=program: largest relative difference from R {relative:E2} ({what})");
        var t = fit.Terms[unexposed];
        output.WriteLine(
            $"not estimable term (R prints it anyway): coef {t.Coef:R} vs {reference.Coef[unexposed]:R}, " +
            $"se {t.Se:R} vs {reference.Se[unexposed]:R}, robust se {t.RobustSe:R} vs {reference.RobustSe![unexposed]:R}");
    }
}
