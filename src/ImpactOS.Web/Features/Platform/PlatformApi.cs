using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Platform;

/// <summary>The organization a create answers with.</summary>
public sealed record TenantRef(Guid Id, string Name);

public static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/platform").WithTags("Platform").RequireAuthorization(Policies.Operator);

        group.MapGet("/tenants", async (TenantProvisioning tenants, CancellationToken ct) => TypedResults.Ok(await tenants.ListAsync(ct)))
            .WithSummary("Every organization on the platform (platform operator).");

        group.MapPost("/tenants", async (CreateTenantRequest request, TenantProvisioning tenants, CancellationToken ct) =>
                (await tenants.CreateAsync(request, ct)).ToResult(t =>
                    TypedResults.Created($"/api/v1/platform/tenants/{t.Id}", new TenantRef(t.Id, t.Name))))
            .Produces<TenantRef>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create an organization with its first admin; its milestones feature starts off (platform operator).");

        return api;
    }
}
