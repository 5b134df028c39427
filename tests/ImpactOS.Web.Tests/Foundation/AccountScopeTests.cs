using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Data;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>Accounts are tenant data: read only inside their organization (or, for operator
/// accounts, by the operator), on both databases. What must cross organizations (finding the
/// account an email signs in to, keeping emails unique, counting an organization's accounts for
/// the operator) goes through one narrow path and still works.</summary>
public sealed class AccountScopeTests(AccountScopeTests.StampCheckedOnEveryRequest factory) : IClassFixture<AccountScopeTests.StampCheckedOnEveryRequest>
{
    /// <summary>The app with the cookie's security stamp checked against the database on every
    /// request (normally every 30 minutes), so each request loads its user before it is known.</summary>
    public sealed class StampCheckedOnEveryRequest : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The check compares with the app's own (test) clock, which the cookie's issue time also came from.
            builder.ConfigureServices(services => services.AddOptions<SecurityStampValidatorOptions>()
                .Configure<TimeProvider>((o, clock) => (o.ValidationInterval, o.TimeProvider) = (TimeSpan.Zero, clock)));
        }
    }

    [Fact]
    public async Task WithNobodySignedInTheContextReadsNoAccountsAndTheOperatorReadsOnlyOperators()
    {
        var tenant = await factory.CreateTenantAsync();
        await factory.EnsureOperatorAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // A scope acting for nobody, as a request before sign-in.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(0, await db.Users.CountAsync());
        }

        var asOperator = await factory.InScopeAsync(null, async (_, db) => await db.Users.Select(u => u.TenantId).ToListAsync());
        Assert.NotEmpty(asOperator);
        Assert.All(asOperator, t => Assert.Null(t));
        Assert.Equal(3, await tenant.InScopeAsync(async (_, db) => await db.Users.CountAsync()));
    }

    [Fact]
    public async Task EveryRoleStaysSignedInWhileItsCookieIsCheckedOnEveryRequest()
    {
        var tenant = await factory.CreateTenantAsync();
        foreach (var email in new[] { tenant.AdminEmail, tenant.CoachEmail, tenant.FounderEmail, await factory.EnsureOperatorAsync() })
        {
            using var client = await factory.PageClientForAsync(email);
            for (var i = 0; i < 2; i++)
            {
                // The session check runs on every request, inside the account's organization; a
                // current session passes it and stays signed in (a stale one is signed out: see
                // Users/AccessRevocationTests).
                using var response = await client.GetAsync("/Settings/Account");
                await response.ShouldBe(HttpStatusCode.OK);
                Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("impactos.auth=;", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task AnEmailInUseInAnotherOrganizationIsRefusedWhenAnAdminAddsAUser()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        using var admin = await a.AdminAsync();
        await admin.PostAsJsonAsync("/api/v1/users", new { email = b.CoachEmail, password = AppFactory.Password, displayName = "Twin", role = "coach" })
            .ShouldBeInvalid("email");
    }

    [Fact]
    public async Task TheOperatorCannotProvisionAnOrganizationWhoseAdminEmailIsInUse()
    {
        var tenant = await factory.CreateTenantAsync();
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());
        await operatorClient.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "Twin Org", adminEmail = tenant.FounderEmail, adminPassword = "a-long-enough-password" })
            .ShouldBeInvalid("adminEmail");

        var tenants = await operatorClient.GetAsync("/api/v1/platform/tenants").Json200();
        Assert.DoesNotContain(tenants.EnumerateArray(), t => t.GetProperty("name").GetString() == "Twin Org");
    }

    [Fact]
    public async Task TheOperatorsListCountsEachOrganizationsAccounts()
    {
        var tenant = await factory.CreateTenantAsync();
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());
        var tenants = await operatorClient.GetAsync("/api/v1/platform/tenants").Json200();
        Assert.Equal(3, tenants.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tenant.Id).GetProperty("users").GetInt32());
    }
}
