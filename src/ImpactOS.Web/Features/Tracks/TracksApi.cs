using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Tracks;

public static class TracksApi
{
    public static IEndpointRouteBuilder MapTracksApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tracks").WithTags("Tracks").RequireMilestonesFeature();
        var editors = new[] { Policies.TrackEditor };

        group.MapGet("/", async (TrackCatalog tracks, CancellationToken ct) => TypedResults.Ok(await tracks.ListAsync(ct)))
            .RequireAuthorization(Policies.TenantMemberOrOperator)
            .Produces<IReadOnlyList<TrackDto>>()
            .WithSummary("The System Standards and this organization's Custom Tracks, each with its active milestones in order.");

        group.MapGet("/{id:guid}", async (Guid id, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.GetAsync(id, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.TenantMemberOrOperator)
            .Produces<TrackDto>()
            .WithSummary("One track.");

        group.MapPost("/", async (TrackInput input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.CreateAsync(input, ct)).ToResult(t => TypedResults.Created($"/api/v1/tracks/{t.Id}", t)))
            .RequireAuthorization(editors)
            .Produces<TrackDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create an empty Custom Track (admins; the platform operator creates a System Standard).");

        group.MapPost("/{id:guid}/copy", async (Guid id, CopyTrackInput? input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.CopyAsync(id, input ?? new CopyTrackInput(null), ct)).ToResult(t => TypedResults.Created($"/api/v1/tracks/{t.Id}", t)))
            .RequireAuthorization(Policies.Admin)
            .Produces<TrackDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Copy and customize: a Custom Track copied from any visible track, with its milestones (admins).");

        group.MapPut("/{id:guid}", async (Guid id, TrackInput input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.UpdateAsync(id, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(editors)
            .Produces<TrackDto>()
            .ProducesValidationProblem()
            .WithSummary("Rename or describe a track (Custom Tracks: admins; System Standards: the platform operator).");

        group.MapPost("/{id:guid}/milestones", async (Guid id, MilestoneInput input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.AddMilestoneAsync(id, input, ct)).ToResult(t => TypedResults.Created($"/api/v1/tracks/{t.Id}", t)))
            .RequireAuthorization(editors)
            .Produces<TrackDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Add a milestone, at orderIndex or at the end.");

        group.MapPut("/{id:guid}/milestones/{milestoneId:guid}", async (Guid id, Guid milestoneId, MilestoneInput input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.UpdateMilestoneAsync(id, milestoneId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(editors)
            .Produces<TrackDto>()
            .ProducesValidationProblem()
            .WithSummary("Rename or describe a milestone.");

        group.MapPut("/{id:guid}/milestone-order", async (Guid id, MilestoneOrderInput input, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.ReorderAsync(id, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(editors)
            .Produces<TrackDto>()
            .ProducesValidationProblem()
            .WithSummary("Save the complete new order of the track's active milestones.");

        group.MapDelete("/{id:guid}/milestones/{milestoneId:guid}", async (Guid id, Guid milestoneId, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.ArchiveMilestoneAsync(id, milestoneId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(editors)
            .Produces<TrackDto>()
            .WithSummary("Archive a milestone; achievements that refer to it stay in history.");

        group.MapPost("/{id:guid}/milestones/{milestoneId:guid}/restore", async (Guid id, Guid milestoneId, TrackCatalog tracks, CancellationToken ct) =>
                (await tracks.RestoreMilestoneAsync(id, milestoneId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(editors)
            .Produces<TrackDto>()
            .Problems(StatusCodes.Status409Conflict)
            .WithSummary("Restore an archived milestone at the end of the track; 409 when an active one has its title.");

        return api;
    }
}
