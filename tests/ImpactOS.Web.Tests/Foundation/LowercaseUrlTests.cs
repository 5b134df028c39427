using System.Net;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>Addresses are lower-case: every link the pages write and every redirect; addresses
/// typed or bookmarked in the old mixed case still open the same pages.</summary>
public sealed partial class LowercaseUrlTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task EveryLinkAndFormOnThePagesPointsAtALowerCasePath()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await factory.PageClientForAsync(tenant.AdminEmail);
        var company = tenant.FounderCompanyId;
        string[] pages =
        [
            "/", "/companies", "/companies/new", $"/companies/{company}", $"/companies/{company}/edit", $"/companies/{company}/milestones",
            $"/companies/{company}/interactions/new", "/programs", "/tracks", $"/tracks/{SystemStandards.SaaS}", $"/tracks/{SystemStandards.SaaS}/velocity",
            "/reports", "/imports", "/settings", "/settings/users", "/settings/account",
        ];

        var mixed = new List<string>();
        foreach (var url in pages)
        {
            var response = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            var paths = LocalLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split('?', '#')[0]).ToList();
            Assert.NotEmpty(paths);
            mixed.AddRange(paths.Where(p => p != p.ToLowerInvariant()).Select(p => $"{url}: {p}"));
        }

        Assert.True(mixed.Count == 0, "Mixed-case links:\n" + string.Join("\n", mixed.Distinct()));
    }

    [Fact]
    public async Task RedirectsToSignInAndToTheNewRecordAreLowerCase()
    {
        using var anonymous = factory.AnonymousClient();
        var toSignIn = await anonymous.GetAsync("/companies");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/account/login?", toSignIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // The way back keeps the address as it was asked for.
        Assert.Contains("ReturnUrl=%2Fcompanies", toSignIn.Headers.Location.Query, StringComparison.Ordinal);

        var tenant = await factory.CreateTenantAsync();
        using var founder = await factory.PageClientForAsync(tenant.FounderEmail);
        var own = await founder.GetAsync("/");
        Assert.Equal($"/companies/{tenant.FounderCompanyId}", own.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task OldMixedCaseAddressesStillOpenTheSamePages()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await factory.PageClientForAsync(tenant.AdminEmail);
        foreach (var (old, heading) in new[]
                 {
                     ("/Companies/New", "New company"),
                     ($"/Companies/{tenant.FounderCompanyId}/Milestones", "<h1>Milestones</h1>"),
                     ("/Programs?sort=name", "Programs"),
                     ("/Settings/Users", "People"),
                     ("/TRACKS", "Milestone tracks"),
                 })
        {
            var response = await admin.GetAsync(old);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{old}: {response.StatusCode}");
            Assert.Contains(heading, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var anonymous = factory.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/Account/Login")).StatusCode);
    }

    /// <summary>An href or form action inside the app (not "//elsewhere"), with its path.</summary>
    [GeneratedRegex("(?:href|action)=\"(/(?!/)[^\"]*)\"")]
    private static partial Regex LocalLink();
}
