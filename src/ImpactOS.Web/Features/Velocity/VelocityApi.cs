using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Velocity;

public static class VelocityApi
{
    public static IEndpointRouteBuilder MapVelocityApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/companies/{id:guid}/velocity", async (Guid id, DateTime? asOf, VelocityReports reports, CancellationToken ct) =>
                (await reports.ForCompanyAsync(id, asOf, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.TenantMember)
            .RequireMilestonesFeature()
            .WithTags("Velocity")
            .Produces<CompanyVelocityDto>()
            .ProducesValidationProblem()
            .WithSummary("Time to next milestone: the company's open step against its track's cohort (or, with fewer than 5 events there and the organization contributing, the network's: cohortSource says which), with the chance of reaching it within 30, 90 and 180 days (95 % interval).");

        api.MapGet("/tracks/{id:guid}/velocity", async (Guid id, DateTime? asOf, bool? curve, bool? competing, string? cohort, VelocityReports reports, CancellationToken ct) =>
                (await reports.ForTrackAsync(id, asOf, ct, includeCurves: curve == true, includeCompeting: competing == true, cohort: cohort)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Velocity")
            .Produces<TrackVelocityDto>()
            .ProducesValidationProblem()
            .WithSummary("Per step of the track: companies entered, events, censored, Kaplan–Meier quartiles, % reached; with curve=true each step's Kaplan–Meier curve too; with competing=true each step's cumulative incidence of the milestone, a shutdown and an acquisition (Aalen–Johansen); with cohort=network the network benchmark of each step beside them (contributing organizations only; a step's figures only with at least 5 organizations, 20 companies and 5 events).");

        return api;
    }
}
