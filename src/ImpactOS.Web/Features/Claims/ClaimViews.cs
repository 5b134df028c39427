namespace ImpactOS.Web.Features.Claims;

/// <summary>What the approve and decline forms need: the claim, whether its form failed, and where to go after.</summary>
public sealed record ClaimDecisionView(ClaimDto Claim, bool Failed, bool ReturnToCompany, DateOnly Today);

/// <summary>What a claim's summary shows: the claim and whether the viewer may open its file.</summary>
public sealed record ClaimSummaryView(ClaimDto Claim);
