using ImpactOS.Core.Velocity;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>One type spells the velocity status everywhere: these pin that the API's codes stay as
/// they were and that every status has its word, icon, colour and styles.</summary>
public sealed class VelocityStatusTermTests
{
    [Theory]
    [InlineData(VelocityStatus.OnPace, "on_pace", "On pace")]
    [InlineData(VelocityStatus.AtRisk, "at_risk", "At risk")]
    [InlineData(VelocityStatus.Behind, "behind", "Behind")]
    [InlineData(VelocityStatus.NotEnoughData, "not_enough_data", "Not enough data")]
    [InlineData(VelocityStatus.Complete, "complete", "Complete")]
    [InlineData(VelocityStatus.Inactive, "inactive", "Inactive")]
    [InlineData(VelocityStatus.ShutDown, "shut_down", "Shut down")]
    [InlineData(VelocityStatus.Acquired, "acquired", "Acquired")]
    public void EachStatusKeepsItsApiCodeAndReadsAsAWord(VelocityStatus status, string code, string label)
    {
        var term = VelocityStatusTerm.Of(status);

        Assert.Equal(code, term.Code);
        Assert.Equal(label, term.Label);
        Assert.Same(term, VelocityStatusTerm.Of(code));
    }

    [Fact]
    public void EveryStatusOfTheCoreHasOneTermWithAnIconAndAColour()
    {
        Assert.Equal(Enum.GetValues<VelocityStatus>().Order(), VelocityStatusTerm.All.Select(t => t.Status).Order());
        Assert.All(VelocityStatusTerm.All, t => Assert.StartsWith("bi-", t.Icon, StringComparison.Ordinal));
        Assert.All(VelocityStatusTerm.All, t => Assert.Matches("^#[0-9a-f]{6}$", t.Colour));
    }

    [Fact]
    public void ThePortfolioListsTheStatusesMostSevereFirst() =>
        Assert.Equal(["behind", "at_risk", "on_pace", "not_enough_data", "complete", "inactive", "shut_down", "acquired"], Portfolio.Statuses);

    [Fact]
    public void TheStylesheetStylesEveryStatusChipAndBandDot()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ImpactOS.Web", "wwwroot", "css", "site.css"));

        Assert.All(VelocityStatusTerm.All, t => Assert.Contains("." + t.DotClass, css, StringComparison.Ordinal));

        // An inactive company's chip is the plain chip: only the others have colours of their own.
        Assert.All(VelocityStatusTerm.All.Where(t => t != VelocityStatusTerm.Inactive), t => Assert.Contains("." + t.ChipClass + " {", css, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownCodeReadsAsInactive() =>
        Assert.Same(VelocityStatusTerm.Inactive, VelocityStatusTerm.Of("paused"));
}
