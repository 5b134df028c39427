using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Programs;

public static class ProgramsApi
{
    public static IEndpointRouteBuilder MapProgramsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/programs").WithTags("Programs").RequireAuthorization(Policies.Staff);

        group.MapGet("/", async (ProgramDirectory programs, CancellationToken ct) => TypedResults.Ok(await programs.ListAsync(ct)))
            .Produces<IReadOnlyList<ProgramDto>>()
            .WithSummary("The organization's programs with enrolment counts (coaches and admins).");

        group.MapGet("/{id:guid}", async (Guid id, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.GetAsync(id, ct)).ToResult(TypedResults.Ok))
            .Produces<ProgramDetail>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("One program with its enrolments.");

        group.MapPost("/", async (ProgramInput input, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.CreateAsync(input, ct)).ToResult(p => TypedResults.Created($"/api/v1/programs/{p.Id}", p)))
            .RequireAuthorization(Policies.Admin)
            .Produces<ProgramDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create a program (admins).");

        group.MapPut("/{id:guid}", async (Guid id, ProgramInput input, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.UpdateAsync(id, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .Produces<ProgramDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Rename or re-date a program (admins).");

        group.MapPost("/{id:guid}/enrollments", async (Guid id, EnrollmentInput input, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.EnrollAsync(id, input, ct)).ToResult(e => TypedResults.Created($"/api/v1/programs/{id}/enrollments/{e.Id}", e)))
            .Produces<EnrollmentDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Enrol a company from a date, optionally to an exit date (exclusive).");

        group.MapPut("/{id:guid}/enrollments/{enrollmentId:guid}", async (Guid id, Guid enrollmentId, EnrollmentInput input, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.UpdateEnrollmentAsync(id, enrollmentId, input, ct)).ToResult(TypedResults.Ok))
            .Produces<EnrollmentDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Change an enrolment's dates (set the exit date when a company leaves).");

        group.MapDelete("/{id:guid}/enrollments/{enrollmentId:guid}", async (Guid id, Guid enrollmentId, ProgramDirectory programs, CancellationToken ct) =>
                (await programs.ArchiveEnrollmentAsync(id, enrollmentId, ct)).ToResult(_ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Withdraw an enrolment made in error (archived, not deleted).");

        return api;
    }
}
