using ImpactOS.Core.Effects;
using Xunit.Abstractions;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>The Cox fitter against R's coxph on the Therneau &amp; Grambsch and Stanford heart data (reference.json).</summary>
public sealed class CoxFitterReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in CoxReference.Cases.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void ReferenceFileHoldsEveryNamedCaseFromSurvival353()
    {
        string[] expected =
        [
            "book1_breslow", "book1_efron", "book2_breslow", "book2_efron",
            "book3_strata_breslow", "book3_strata_efron", "book3_strata_cluster_breslow", "book3_strata_cluster_efron",
            "book3_singular_column_efron",
            "heart_breslow", "heart_efron", "heart_cluster_efron",
        ];

        Assert.Equal("3.5.3", CoxReference.Root.GetProperty("survival").GetString());
        Assert.Equal(expected.Order(StringComparer.Ordinal), CoxReference.Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FitMatchesCoxphWithinTheIssueTolerances(string caseName)
    {
        var reference = CoxReference.Cases[caseName];

        var fit = CoxFitter.Fit(reference.Data, new CoxOptions { Ties = reference.Ties });

        var (what, relative) = CoxReferenceAssert.Matches(reference, fit);
        output.WriteLine($"{caseName}: largest relative difference from R {relative:E2} ({what})");
    }
}
