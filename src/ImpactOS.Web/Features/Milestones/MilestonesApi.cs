using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Milestones;

public static class MilestonesApi
{
    public static IEndpointRouteBuilder MapMilestonesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/companies/{id:guid}/milestones")
            .WithTags("Milestone progress")
            .RequireAuthorization(Policies.TenantMember)
            .RequireMilestonesFeature();

        group.MapGet("/", async (Guid id, MilestoneProgress progress, CancellationToken ct) =>
                (await progress.RoadmapAsync(id, ct)).ToResult(TypedResults.Ok))
            .Produces<IReadOnlyList<RoadmapStep>>()
            .WithSummary("The Milestone Roadmap: every step of the company's track in order, achieved or pending.");

        group.MapPut("/{milestoneId:guid}", async (Guid id, Guid milestoneId, MarkAchievedRequest request, MilestoneProgress progress, CancellationToken ct) =>
                (await progress.MarkAsync(id, milestoneId, request, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<RoadmapStep>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status409Conflict)
            .WithSummary("Mark a milestone achieved (achievedAt defaults to now) or edit an achievement; idempotent (coaches and admins).");

        group.MapDelete("/{milestoneId:guid}", async (Guid id, Guid milestoneId, int? version, MilestoneProgress progress, CancellationToken ct) =>
                (await progress.UndoAsync(id, milestoneId, version, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<RoadmapStep>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status409Conflict)
            .WithSummary("Undo: the milestone is pending again; its history keeps what it was (coaches and admins).");

        group.MapGet("/{milestoneId:guid}/history", async (Guid id, Guid milestoneId, MilestoneProgress progress, CancellationToken ct) =>
                (await progress.HistoryAsync(id, milestoneId, ct)).ToResult(TypedResults.Ok))
            .Produces<IReadOnlyList<HistoryEntry>>()
            .WithSummary("Every change to the company milestone (achieved, edited, undone), newest first.");

        group.MapPost("/{milestoneId:guid}/evidence", async (Guid id, Guid milestoneId, IFormFile? file, MilestoneProgress progress, CancellationToken ct) =>
                (await progress.AttachEvidenceAsync(id, milestoneId, file, ct)).ToResult(f => TypedResults.Created(f.Url, f)))
            .RequireAuthorization(Policies.Staff)
            .DisableAntiforgery()
            .WithBodySizeLimit(EvidenceTypes.MaxBytes + (1024 * 1024))
            .Produces<EvidenceFileDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Upload a proof file (multipart field \"file\"; PDF, images, text, CSV, Office; at most 10 MB).");

        api.MapGet("/evidence/{fileId:guid}", async (Guid fileId, MilestoneProgress progress, CancellationToken ct) =>
                await progress.OpenEvidenceAsync(fileId, ct) is { } found
                    ? Results.File(found.Content, found.ContentType, found.FileName)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found."))
            .RequireAuthorization(Policies.TenantMember)
            .RequireMilestonesFeature()
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .Problems(StatusCodes.Status404NotFound)
            .WithTags("Milestone progress")
            .WithSummary("Download an evidence file (as an attachment, to users of its organization).");

        return api;
    }
}
