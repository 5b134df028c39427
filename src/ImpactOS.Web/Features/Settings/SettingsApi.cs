using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Settings;

/// <param name="ContributeToNetwork">Whether the organization contributes anonymised step durations
/// to the network benchmark (and so sees it); off by default.</param>
public sealed record SettingsDto(bool FeatureMilestones, bool ContributeToNetwork);

/// <summary>Either setting, or both; one left out stays as it is.</summary>
public sealed record UpdateSettingsRequest(bool? FeatureMilestones, bool? ContributeToNetwork = null);

/// <summary>One change of the choice to contribute to the network benchmark.</summary>
public sealed record NetworkContributionEntry(bool Contributes, DateTime At, string? By);

/// <summary>Organization Settings: read by any member, changed by admins.</summary>
public sealed class OrganizationSettings(AppDbContext db, CurrentUser currentUser, FeatureFlags flags)
{
    public async Task<SettingsDto> GetAsync(CancellationToken cancellationToken)
    {
        var config = await db.TenantConfigs.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return new SettingsDto(config?.FeatureMilestones ?? false, config?.ContributeToNetwork ?? false);
    }

    /// <summary>Whether the signed-in user's organization contributes to (and so sees) the network
    /// benchmark. Read every time, never cached: leaving takes effect at once.</summary>
    public Task<bool> ContributesToNetworkAsync(CancellationToken cancellationToken) =>
        currentUser.TenantId is null
            ? Task.FromResult(false)
            : db.TenantConfigs.AsNoTracking().Select(c => c.ContributeToNetwork).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every change of the choice to contribute, newest first.</summary>
    public async Task<IReadOnlyList<NetworkContributionEntry>> NetworkHistoryAsync(CancellationToken cancellationToken) =>
        await db.NetworkContributionChanges.AsNoTracking()
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new NetworkContributionEntry(c.Contributes, c.At, db.Users.Where(u => u.Id == c.ByUserId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);

    public async Task<Outcome<SettingsDto>> UpdateAsync(UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        if (request.FeatureMilestones is null && request.ContributeToNetwork is null)
        {
            return Failure.Invalid("featureMilestones", "Give featureMilestones or contributeToNetwork (true or false).");
        }

        var tenantId = currentUser.RequiredTenantId;
        var config = await db.TenantConfigs.FirstOrDefaultAsync(cancellationToken);
        if (config is null)
        {
            config = new TenantConfig { TenantId = tenantId };
            db.TenantConfigs.Add(config);
        }

        // Turning the flag off only hides things; no data is touched.
        config.FeatureMilestones = request.FeatureMilestones ?? config.FeatureMilestones;
        if (request.ContributeToNetwork is { } contribute && contribute != config.ContributeToNetwork)
        {
            // The choice's history is kept; the save reloads the network benchmark for everyone
            // (NetworkBenchmarks.AffectedBy), so a leaving organization's data is gone at once.
            config.ContributeToNetwork = contribute;
            db.NetworkContributionChanges.Add(new NetworkContributionChange { TenantId = tenantId, Contributes = contribute, At = db.UtcNow, ByUserId = currentUser.UserId });
        }

        config.UpdatedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        flags.Forget(tenantId);
        return new SettingsDto(config.FeatureMilestones, config.ContributeToNetwork);
    }
}

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/settings").WithTags("Settings");

        group.MapGet("/", async (OrganizationSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.GetAsync(ct)))
            .RequireAuthorization(Policies.TenantMember)
            .WithSummary("The organization's settings: the milestones feature flag and whether it contributes to the network benchmark.");

        group.MapPut("/", async (UpdateSettingsRequest request, OrganizationSettings settings, CancellationToken ct) =>
                (await settings.UpdateAsync(request, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .Produces<SettingsDto>()
            .ProducesValidationProblem()
            .WithSummary("Turn the milestones feature on or off, or contributing anonymised step durations to the network benchmark (admins); a setting left out stays as it is.");

        return api;
    }
}
