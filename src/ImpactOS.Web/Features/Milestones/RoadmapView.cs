namespace ImpactOS.Web.Features.Milestones;

/// <summary>What the roadmap partial needs: the steps, whose company, and whether the viewer may mark.</summary>
public sealed record RoadmapView(Guid CompanyId, IReadOnlyList<RoadmapStep> Steps, bool CanMark, DateOnly Today);
