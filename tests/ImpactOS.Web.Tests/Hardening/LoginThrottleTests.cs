using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>The production limits: 10 failed sign-ins per account per minute, 30 sign-ins per
/// address per minute in this factory (100 in production, lowered to keep the test short).</summary>
public sealed class StrictLoginFactory : AppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ImpactOS:Auth:FailedLoginsPerAccountPerMinute"] = "10",
        ["ImpactOS:Auth:LoginsPerAddressPerMinute"] = "30",
    };
}

public sealed class LoginThrottleTests(StrictLoginFactory factory) : IClassFixture<StrictLoginFactory>
{
    [Fact]
    public async Task TenFailedSignInsLockTheAccountForAMinuteWith429AndRetryAfter()
    {
        var tenant = await factory.CreateTenantAsync();
        using var client = factory.AnonymousClient();
        for (var i = 0; i < 10; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = "wrong-" + i }).ShouldBe(HttpStatusCode.Unauthorized);
        }

        var throttled = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = AppFactory.Password });
        await throttled.ShouldBe(HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");

        // Another person's account is not affected.
        await client.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.AdminEmail, password = AppFactory.Password }).ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class LoginAddressThrottleTests(StrictLoginFactory factory) : IClassFixture<StrictLoginFactory>
{
    [Fact]
    public async Task OneAddressIsLimitedMoreGenerouslyThanOneAccount()
    {
        var tenants = new List<TestTenant>();
        for (var i = 0; i < 4; i++)
        {
            tenants.Add(await factory.CreateTenantAsync());
        }

        using var client = factory.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var tenant in tenants)
        {
            foreach (var email in new[] { tenant.AdminEmail, tenant.CoachEmail, tenant.FounderEmail })
            {
                for (var i = 0; i < 3; i++)
                {
                    statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AppFactory.Password })).StatusCode);
                }
            }
        }

        // 36 successful sign-ins from one address: the first 30 go through (more than one account's
        // 10 failures), the rest wait.
        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
