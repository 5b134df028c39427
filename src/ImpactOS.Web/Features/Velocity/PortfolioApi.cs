using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Velocity;

public static class PortfolioApi
{
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/portfolio", async (Guid? trackId, Guid? programId, Guid? coachId, string? status, string? sort, string? q, string? cursor, int? limit, DateTime? asOf, Portfolio portfolio, CancellationToken ct) =>
                (await portfolio.ListAsync(new PortfolioQuery(trackId, programId, coachId, status, sort, q, cursor, limit, asOf), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Velocity")
            .Produces<PortfolioPage>()
            .ProducesValidationProblem()
            .WithSummary("Every active company with its current step and velocity status; filter by track, program, coach, status; sort by name, most behind, longest in step or chance of the next milestone within 90 days (chance90, most likely first, no forecast last).");

        api.MapGet("/reports/portfolio.csv", async (Guid? trackId, Guid? programId, Guid? coachId, string? status, string? sort, string? q, DateTime? asOf, Portfolio portfolio, CancellationToken ct) =>
                (await portfolio.AllAsync(new PortfolioQuery(trackId, programId, coachId, status, sort, q, AsOf: asOf), ct)).ToResult(rows => CsvOutput.File(rows, "portfolio.csv")))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Reports")
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("The portfolio as CSV (same filters).");

        api.MapGet("/reports/track-velocity.csv", async (Guid trackId, DateTime? asOf, VelocityReports reports, CancellationToken ct) =>
                (await reports.StepRowsAsync(trackId, asOf, ct)).ToResult(rows => CsvOutput.File(rows, "track-velocity.csv")))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Reports")
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("A track's per-step velocity as CSV.");

        api.MapGet("/reports/velocity", async (Guid trackId, DateTime? asOf, VelocityGroups groups, CancellationToken ct) =>
                (await groups.ForTrackAsync(trackId, asOf, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Reports")
            .Produces<VelocityByGroupDto>()
            .ProducesValidationProblem()
            .WithSummary("Velocity by program and by coach: each group's median days per step of a track, beside the whole track.");

        api.MapGet("/reports/velocity.csv", async (Guid trackId, DateTime? asOf, VelocityGroups groups, CancellationToken ct) =>
                (await groups.ForTrackAsync(trackId, asOf, ct)).ToResult(r => CsvOutput.File(VelocityGroups.Rows(r), "velocity.csv")))
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .WithTags("Reports")
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("Velocity by program and by coach as CSV.");

        return api;
    }
}
