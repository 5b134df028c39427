using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Claims;

public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/companies/{id:guid}/milestones/{milestoneId:guid}/claims", async (Guid id, Guid milestoneId, ClaimRequest request, MilestoneClaims claims, CancellationToken ct) =>
                (await claims.ClaimAsync(id, milestoneId, request, null, ct)).ToResult(c => TypedResults.Created($"/api/v1/claims/{c.Id}", c)))
            .WithTags("Milestone claims")
            .RequireAuthorization(Policies.TenantMember)
            .RequireMilestonesFeature()
            .Produces<ClaimDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Claim a milestone of your company as achieved (founders; achievedOn defaults to today); a coach approves or declines it. Attach a file with POST /claims/{id}/file.");

        var group = api.MapGroup("/claims")
            .WithTags("Milestone claims")
            .RequireAuthorization(Policies.TenantMember)
            .RequireMilestonesFeature();

        group.MapGet("/", async (string? status, int? limit, MilestoneClaims claims, CancellationToken ct) =>
                (await claims.ListAsync(status, limit, ct)).ToResult(TypedResults.Ok))
            .Produces<IReadOnlyList<ClaimDto>>()
            .ProducesValidationProblem()
            .WithSummary("Claims of one status (open, approved, declined; default open), oldest first; founders see their own company's.");

        group.MapPost("/{claimId:guid}/file", async (Guid claimId, IFormFile? file, MilestoneClaims claims, CancellationToken ct) =>
                (await claims.AttachFileAsync(claimId, file, ct)).ToResult(TypedResults.Ok))
            .DisableAntiforgery()
            .WithBodySizeLimit(Evidence.EvidenceTypes.MaxBytes + (1024 * 1024))
            .Produces<ClaimDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Attach the proof file of an open claim (the founders of its company; multipart field \"file\"; the kinds and size of milestone proof).");

        group.MapGet("/{claimId:guid}/file", async (Guid claimId, MilestoneClaims claims, CancellationToken ct) =>
                await claims.OpenFileAsync(claimId, ct) is { } found
                    ? Results.File(found.Content, found.ContentType, found.FileName)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found."))
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Download a claim's proof file (as an attachment).");

        group.MapPost("/{claimId:guid}/approve", async (Guid claimId, ApproveClaimRequest? request, MilestoneClaims claims, CancellationToken ct) =>
                (await claims.ApproveAsync(claimId, request ?? new ApproveClaimRequest(null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<ClaimDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Approve an open claim: the milestone is achieved, verified by you, on the claimed day or achievedOn (coaches and admins).");

        group.MapPost("/{claimId:guid}/decline", async (Guid claimId, DeclineClaimRequest request, MilestoneClaims claims, CancellationToken ct) =>
                (await claims.DeclineAsync(claimId, request, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<ClaimDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Decline an open claim with a reason the founder reads (coaches and admins).");

        return api;
    }
}
