using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ImpactOS.Web.Features.Settings;

/// <summary>The tenant's feature flags. Read on nearly every request, so cached briefly per
/// tenant; a change made here clears the cache at once, other instances follow within seconds.</summary>
public sealed class FeatureFlags(AppDbContext db, CurrentUser currentUser, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>Whether milestones are on for the current tenant. The platform operator, who has
    /// no tenant and looks after the System Standards, always sees them; everything else the
    /// operator might reach is closed to it by role.</summary>
    public async Task<bool> MilestonesEnabledAsync(CancellationToken cancellationToken = default)
    {
        if (currentUser.IsOperator)
        {
            return true;
        }

        if (currentUser.TenantId is not { } tenantId)
        {
            return false;
        }

        return await cache.GetOrCreateAsync(CacheKey(tenantId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await db.TenantConfigs.AsNoTracking()
                .Where(c => c.TenantId == tenantId)
                .Select(c => c.FeatureMilestones)
                .FirstOrDefaultAsync(cancellationToken);
        });
    }

    public void Forget(Guid tenantId) => cache.Remove(CacheKey(tenantId));

    private static string CacheKey(Guid tenantId) => $"feature-milestones:{tenantId}";
}

/// <summary>The single gate for everything milestone-related: API routes answer 404 while the
/// flag is off, exactly as if they did not exist.</summary>
public static class FeatureGate
{
    public static TBuilder RequireMilestonesFeature<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var flags = context.HttpContext.RequestServices.GetRequiredService<FeatureFlags>();
            return await flags.MilestonesEnabledAsync(context.HttpContext.RequestAborted)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");
        })
        .WithMetadata(MilestonesFeatureGate.Instance)
        .Problems(StatusCodes.Status404NotFound);
}

/// <summary>Marks a route behind the milestones flag (it answers 404 while the flag is off).</summary>
public sealed class MilestonesFeatureGate
{
    public static readonly MilestonesFeatureGate Instance = new();

    private MilestonesFeatureGate()
    {
    }
}

/// <summary>The same gate for pages: put it on a page model and the page answers 404 while off,
/// with one page (<c>Shared/MilestonesOff.cshtml</c>) saying that milestones are off for this
/// organization and who can turn them on, instead of "we could not find that page".</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireMilestonesFeatureAttribute : Attribute, IAsyncPageFilter
{
    public const string OffPage = "/Features/Shared/MilestonesOff.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var flags = context.HttpContext.RequestServices.GetRequiredService<FeatureFlags>();
        if (!await flags.MilestonesEnabledAsync(context.HttpContext.RequestAborted))
        {
            // Still a 404 (the address leads nowhere while off), but a page with a body, so the
            // status-code page does not replace it.
            context.Result = new ViewResult { ViewName = OffPage, StatusCode = StatusCodes.Status404NotFound };
            return;
        }

        await next();
    }
}
