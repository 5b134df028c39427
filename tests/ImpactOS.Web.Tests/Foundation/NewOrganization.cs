using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>An organization exactly as the operator provisions it: an admin (and here a coach),
/// no company, no program, no track of its own; milestones off unless asked.</summary>
public sealed record NewOrganization(Guid Id, string AdminEmail, string CoachEmail)
{
    public static async Task<NewOrganization> CreateAsync(AppFactory factory, bool milestones = false)
    {
        var slug = Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin-{slug}@new.example";
        var created = await factory.InScopeAsync(null, async (sp, _) =>
            (await sp.GetRequiredService<TenantProvisioning>().CreateAsync(new CreateTenantRequest("New Org " + slug, adminEmail, AppFactory.Password, "Nia New"), default)).Value!);
        var coachEmail = $"coach-{slug}@new.example";
        await factory.InScopeAsync(created.Id, async (sp, _) =>
        {
            if (milestones)
            {
                await sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(true), default);
            }

            await sp.GetRequiredService<UserAdministration>().CreateAsync(new CreateUserRequest(coachEmail, AppFactory.Password, "Cole Coach", Roles.Coach, null), default);
        });
        return new NewOrganization(created.Id, adminEmail, coachEmail);
    }
}
