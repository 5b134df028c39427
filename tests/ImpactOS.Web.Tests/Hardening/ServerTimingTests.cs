using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>The app with <c>ImpactOS:Diagnostics:ServerTiming</c> on, as the benchmark runs it.</summary>
public sealed class ServerTimingFactory : AppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ImpactOS:Diagnostics:ServerTiming"] = "true",
    };
}

/// <summary>With the setting on, every response says where its time went: its database commands
/// (how many and how long), the middleware, the page's handler and rendering, its allocations.</summary>
public sealed partial class ServerTimingTests(ServerTimingFactory factory) : IClassFixture<ServerTimingFactory>
{
    internal static Dictionary<string, string> Entries(HttpResponseMessage response) =>
        string.Join(", ", response.Headers.GetValues("Server-Timing"))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(e => e.Split(';')[0], e => e);

    private static double Number(string entry, Regex pattern)
    {
        var match = pattern.Match(entry);
        Assert.True(match.Success, $"no number in '{entry}'");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task APageSaysHowManyQueriesItSentAndWhereItsTimeWent()
    {
        var tenant = await factory.CreateTenantAsync();
        using var pages = await factory.PageClientForAsync(tenant.CoachEmail);

        using var response = await pages.GetAsync($"/Companies/{tenant.FounderCompanyId}");

        await response.ShouldBe(HttpStatusCode.OK);
        var entries = Entries(response);
        Assert.True(Number(entries["db"], Queries()) > 0, entries["db"]);
        Assert.True(Number(entries["alloc"], Bytes()) > 0, entries["alloc"]);
        foreach (var name in new[] { "total", "mw", "authn", "antiforgery", "handler", "render", "endpoint" })
        {
            Assert.True(entries.ContainsKey(name), $"{name} is missing from {string.Join(", ", entries.Values)}");
            Assert.True(Number(entries[name], Duration()) >= 0);
        }
    }

    [Fact]
    public async Task AnApiAnswerSaysHowManyQueriesItSent()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        using var response = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/timeline");

        await response.ShouldBe(HttpStatusCode.OK);
        var entries = Entries(response);
        // The session check and the timeline's sources at least.
        Assert.True(Number(entries["db"], Queries()) >= 2, entries["db"]);
        Assert.True(entries.ContainsKey("endpoint"));
        Assert.False(entries.ContainsKey("render"), "an API answer has no Razor rendering");
    }

    [Fact]
    public async Task TheQueriesCountedAreRoundTripsAndPostgresSessionSettingsTakeNoneOfTheirOwn()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        // The session check, the account and its organization's name: three queries on either
        // database. On PostgreSQL the request's settings for row-level security travel with the
        // first. (The least of a few requests, as a feature flags' refresh may add a query to one.)
        var counts = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await coach.GetAsync("/api/v1/me");
            await response.ShouldBe(HttpStatusCode.OK);
            counts.Add(Number(Entries(response)["db"], Queries()));
        }

        Assert.Equal(3, counts.Min());
    }

    [GeneratedRegex("""desc="([0-9]+) quer""")]
    private static partial Regex Queries();

    [GeneratedRegex("""desc="([0-9]+) bytes""")]
    private static partial Regex Bytes();

    [GeneratedRegex(@";dur=([0-9.]+)")]
    private static partial Regex Duration();
}

/// <summary>Off (the default), no response carries the header.</summary>
public sealed class ServerTimingOffTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task NeitherPagesNorTheApiSayAnything()
    {
        var tenant = await factory.CreateTenantAsync();
        using var pages = await factory.PageClientForAsync(tenant.CoachEmail);
        using var coach = await tenant.CoachAsync();

        using var page = await pages.GetAsync($"/Companies/{tenant.FounderCompanyId}");
        using var api = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/timeline");

        await page.ShouldBe(HttpStatusCode.OK);
        await api.ShouldBe(HttpStatusCode.OK);
        Assert.False(page.Headers.Contains("Server-Timing"));
        Assert.False(api.Headers.Contains("Server-Timing"));
    }
}
