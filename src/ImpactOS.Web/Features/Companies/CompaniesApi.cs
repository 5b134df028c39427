using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Companies;

public static class CompaniesApi
{
    public static IEndpointRouteBuilder MapCompaniesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/companies").WithTags("Companies").RequireAuthorization(Policies.TenantMember);

        group.MapGet("/", async (Guid? trackId, Guid? programId, string? q, string? cursor, int? limit, bool? includeArchived, CompanyDirectory companies, CancellationToken ct) =>
                (await companies.ListAsync(new CompanyQuery(trackId, programId, q, cursor, limit, includeArchived ?? false), ct)).ToResult(TypedResults.Ok))
            .Produces<Page<CompanyDto>>()
            .ProducesValidationProblem()
            .WithSummary("Companies of the organization, by name, a page at a time (founders: their own).");

        group.MapGet("/{id:guid}", async (Guid id, CompanyDirectory companies, CancellationToken ct) =>
                await companies.GetAsync(id, ct) is { } company ? Results.Ok(company) : NotFound())
            .Produces<CompanyDto>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("One company.");

        group.MapPost("/", async (CompanyInput input, CompanyDirectory companies, CancellationToken ct) =>
                (await companies.CreateAsync(input, ct)).ToResult(c => TypedResults.Created($"/api/v1/companies/{c.Id}", c)))
            .RequireAuthorization(Policies.Staff)
            .Produces<CompanyDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create a company; without a track it starts on \"SaaS Standard\" (coaches and admins).");

        group.MapPut("/{id:guid}", async (Guid id, CompanyInput input, CompanyDirectory companies, CancellationToken ct) =>
                (await companies.UpdateAsync(id, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<CompanyDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Change a company, including its track; achievements already logged stay (coaches and admins).");

        group.MapDelete("/{id:guid}", async (Guid id, CompanyDirectory companies, CancellationToken ct) =>
                (await companies.ArchiveAsync(id, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .Produces<CompanyDto>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Archive a company: hidden from lists, history kept (admins).");

        group.MapPost("/{id:guid}/restore", async (Guid id, CompanyDirectory companies, CancellationToken ct) =>
                (await companies.RestoreAsync(id, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .Produces<CompanyDto>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Restore an archived company: back in lists, history as it was (admins).");

        group.MapPut("/{id:guid}/outcome", async (Guid id, OutcomeInput input, CompanyOutcomes outcomes, CancellationToken ct) =>
                (await outcomes.SetAsync(id, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<CompanyDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Mark a company shut down or acquired on a day (its milestones become read-only), or back to active (the undo); history kept (coaches and admins).");

        group.MapGet("/{id:guid}/outcome/history", async (Guid id, CompanyOutcomes outcomes, CancellationToken ct) =>
                (await outcomes.HistoryAsync(id, ct)).ToResult(TypedResults.Ok))
            .Produces<IReadOnlyList<OutcomeHistoryEntry>>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("Every change of the company's outcome, newest first.");

        return api;
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
