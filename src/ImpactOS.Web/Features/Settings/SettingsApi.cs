using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Settings;

public sealed record SettingsDto(bool FeatureMilestones);

public sealed record UpdateSettingsRequest(bool? FeatureMilestones);

/// <summary>Organization Settings: read by any member, changed by admins.</summary>
public sealed class OrganizationSettings(AppDbContext db, CurrentUser currentUser, FeatureFlags flags)
{
    /// <summary>The signed-in user's organization's name (null for the platform operator).</summary>
    public Task<string?> NameAsync(CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().Where(t => t.Id == currentUser.TenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);

    public async Task<SettingsDto> GetAsync(CancellationToken cancellationToken)
    {
        var config = await db.TenantConfigs.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return new SettingsDto(config?.FeatureMilestones ?? false);
    }

    public async Task<Outcome<SettingsDto>> UpdateAsync(UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        if (request.FeatureMilestones is not { } enabled)
        {
            return Failure.Invalid("featureMilestones", "Required: true or false.");
        }

        var tenantId = currentUser.RequiredTenantId;
        var config = await db.TenantConfigs.FirstOrDefaultAsync(cancellationToken);
        if (config is null)
        {
            config = new TenantConfig { TenantId = tenantId };
            db.TenantConfigs.Add(config);
        }

        // Turning the flag off only hides things; no data is touched.
        config.FeatureMilestones = enabled;
        config.UpdatedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        flags.Forget(tenantId);
        return new SettingsDto(config.FeatureMilestones);
    }
}

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/settings").WithTags("Settings");

        group.MapGet("/", async (OrganizationSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.GetAsync(ct)))
            .RequireAuthorization(Policies.TenantMember)
            .WithSummary("The organization's feature flags.");

        group.MapPut("/", async (UpdateSettingsRequest request, OrganizationSettings settings, CancellationToken ct) =>
                (await settings.UpdateAsync(request, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .Produces<SettingsDto>()
            .ProducesValidationProblem()
            .WithSummary("Turn the milestones feature on or off (admins).");

        return api;
    }
}
