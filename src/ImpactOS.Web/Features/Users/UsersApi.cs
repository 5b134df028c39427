using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Users;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);

        group.MapGet("/", async (UserAdministration users, CancellationToken ct) => TypedResults.Ok(await users.ListAsync(ct)))
            .WithSummary("The organization's accounts (admins).");

        group.MapPost("/", async (CreateUserRequest request, UserAdministration users, CancellationToken ct) =>
                (await users.CreateAsync(request, ct)).ToResult(u => TypedResults.Created($"/api/v1/users/{u.Id}", u)))
            .WithSummary("Create an admin, coach or founder account (admins).");

        return api;
    }
}
