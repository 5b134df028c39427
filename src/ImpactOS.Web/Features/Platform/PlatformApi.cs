using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Platform;

public static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/platform").WithTags("Platform").RequireAuthorization(Policies.Operator);

        group.MapGet("/tenants", async (TenantProvisioning tenants, CancellationToken ct) => TypedResults.Ok(await tenants.ListAsync(ct)))
            .WithSummary("Every organization on the platform (platform operator).");

        group.MapPost("/tenants", async (CreateTenantRequest request, TenantProvisioning tenants, CancellationToken ct) =>
                (await tenants.CreateAsync(request, ct)).ToResult(t =>
                    TypedResults.Created($"/api/v1/platform/tenants/{t.Id}", new { t.Id, t.Name })))
            .WithSummary("Create an organization with its first admin; its milestones feature starts off (platform operator).");

        return api;
    }
}
