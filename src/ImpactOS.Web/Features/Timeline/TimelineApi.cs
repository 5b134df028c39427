using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Timeline;

public static class TimelineApi
{
    public static IEndpointRouteBuilder MapTimelineApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/companies/{id:guid}").WithTags("Timeline").RequireAuthorization(Policies.TenantMember);

        group.MapGet("/timeline", async (Guid id, string? kinds, string? cursor, int? limit, CompanyTimeline timeline, CancellationToken ct) =>
                (await timeline.ListAsync(id, new TimelineQuery(kinds, cursor, limit), ct)).ToResult(TypedResults.Ok))
            .Produces<Page<TimelineItem>>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("The Company Timeline, newest first: milestones, interactions, updates and program windows; keyset-paged.");

        group.MapPost("/interactions", async (Guid id, InteractionInput input, InteractionLog log, CancellationToken ct) =>
                (await log.LogAsync(id, input, ct)).ToResult(i => TypedResults.Created($"/api/v1/companies/{id}/timeline", i)))
            .RequireAuthorization(Policies.Staff)
            .Produces<InteractionDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Log a meeting, email, call or note with the company (coaches and admins).");

        group.MapPost("/updates", async (Guid id, CompanyUpdateInput input, InteractionLog log, CancellationToken ct) =>
                (await log.SubmitUpdateAsync(id, input, ct)).ToResult(u => TypedResults.Created($"/api/v1/companies/{id}/timeline", u)))
            .Produces<CompanyUpdateDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Submit a company update (coaches, admins, and the company's own founder).");

        return api;
    }
}
