using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Account;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Users;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);

        group.MapGet("/", async (UserAdministration users, CancellationToken ct) => TypedResults.Ok(await users.ListAsync(ct)))
            .Produces<IReadOnlyList<UserDto>>()
            .WithSummary("The organization's accounts (admins).");

        group.MapPost("/", async (CreateUserRequest request, UserAdministration users, CancellationToken ct) =>
                (await users.CreateAsync(request, ct)).ToResult(u => TypedResults.Created($"/api/v1/users/{u.Id}", u)))
            .Produces<UserDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create an admin, coach or founder account (admins).");

        group.MapGet("/{id:guid}", async (Guid id, UserAdministration users, CancellationToken ct) =>
                (await users.GetAsync(id, ct)).ToResult(TypedResults.Ok))
            .Produces<UserDto>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("One account of the organization (admins).");

        group.MapPut("/{id:guid}", async (Guid id, UpdateUserRequest request, UserAdministration users, CancellationToken ct) =>
                (await users.UpdateAsync(id, request, ct)).ToResult(TypedResults.Ok))
            .Produces<UserDto>()
            .ProducesValidationProblem()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Change an account's role, name, company or whether it is active (admins). A change of role, company or activity ends the account's sessions; the last active admin cannot be demoted or deactivated (409).");

        group.MapPost("/{id:guid}/password-reset", async (Guid id, PasswordResets resets, CancellationToken ct) =>
                (await resets.IssueAsync(id, ct)).ToResult(TypedResults.Ok))
            .Produces<PasswordResetLink>()
            .Problems(StatusCodes.Status404NotFound)
            .WithSummary("A one-time link (to hand over; there is no mail) where the account's holder sets a new password (admins).");

        return api;
    }
}
