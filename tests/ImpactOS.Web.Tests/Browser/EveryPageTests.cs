using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

/// <summary>The browser app with the demo seeded, as a newcomer's first run has it.</summary>
public sealed class DemoBrowserAppFactory : BrowserAppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ImpactOS:SeedDemo"] = "true",
        ["ImpactOS:DemoPassword"] = Password,
    };
}

/// <summary>Every page of the app, found from its routes, opened as a person who may see it on a
/// laptop (1366 px) and on a phone (390 px): no serious or critical accessibility violation, no
/// sideways scrolling, and a screenshot of each kept in artifacts/screenshots/pages/. A page the
/// test does not know how to open fails it, so a new page cannot slip past.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class EveryPageTests(BrowserFixture browser, DemoBrowserAppFactory app) : IClassFixture<DemoBrowserAppFactory>
{
    private const string Admin = "admin@northstar.demo";
    private const string Founder = "founder@northstar.demo";
    private const string Operator = "operator@impactos.demo";
    private const string Anonymous = "";

    /// <summary>Routes that answer with something other than a page.</summary>
    private static readonly Dictionary<string, string> NotPages = new()
    {
        ["Evidence/{id}"] = "a proof file, sent as an attachment",
        ["Claims/{id}/File"] = "a claim's proof file, sent as an attachment",
    };

    private static readonly (string Name, int Width)[] Screens = [("wide", 1366), ("phone", 390)];

    [Fact]
    public async Task EveryPageHasNoSeriousAccessibilityProblemAndNoSidewaysScrollOnALaptopOrAPhone()
    {
        var samples = await SamplesAsync();
        var states = await StatesAsync();
        var routes = PageRoutes();
        var unknown = routes.Where(r => !samples.ContainsKey(r) && !NotPages.ContainsKey(r)).ToList();
        Assert.True(unknown.Count == 0, "Pages this test does not open: " + string.Join(", ", unknown));
        Assert.Contains("Companies/{id}", routes);

        var directory = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots", "pages");
        Directory.CreateDirectory(directory);
        var problems = new List<string>();
        foreach (var (name, width) in Screens)
        {
            var pages = new Dictionary<string, IPage>();
            var contexts = new List<IBrowserContext>();
            try
            {
                var visits = samples.Where(s => routes.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal)
                    .Select(s => (Route: s.Key, Slug: s.Key.Length == 0 ? "portfolio" : SlugChars().Replace(s.Key.Replace("{id}", "id", StringComparison.Ordinal), "-").Trim('-').ToLowerInvariant(), s.Value.Who, s.Value.Url))
                    .Concat(states.Select(s => (Route: s.Key, Slug: s.Key, s.Value.Who, s.Value.Url)));
                foreach (var (route, slug, who, url) in visits)
                {
                    if (!pages.TryGetValue(who, out var page))
                    {
                        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
                        context.SetDefaultTimeout(20_000);
                        contexts.Add(context);
                        page = pages[who] = await context.NewPageAsync();
                        if (who != Anonymous)
                        {
                            await BrowserPages.SignInAsync(page, who);
                        }
                    }

                    var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{slug}-{name}.png"), FullPage = true });
                    var status = response?.Status ?? 0;
                    if (status is 0 or >= 500 && route != "Error")
                    {
                        problems.Add($"{url} at {width} px: HTTP {status}");
                        continue;
                    }

                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (overflow > 2)
                    {
                        problems.Add($"{url} at {width} px scrolls sideways by {overflow} px");
                    }

                    problems.AddRange((await BrowserPages.AccessibilityViolationsAsync(page, "serious", "critical")).Select(v => $"{url} at {width} px: {v}"));
                }
            }
            finally
            {
                foreach (var context in contexts)
                {
                    await context.DisposeAsync();
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Who opens each page, and at which address, in the demo's Northstar Accelerator.</summary>
    private async Task<Dictionary<string, (string Who, string Url)>> SamplesAsync()
    {
        using var admin = await app.ClientForAsync(Admin);
        var company = (await admin.GetAsync("/api/v1/companies?q=Lumen").Json200()).GetProperty("items")[0].GetProperty("id").GetGuid();
        var custom = (await admin.GetAsync("/api/v1/tracks").Json200()).EnumerateArray().First(t => !t.GetProperty("isSystemStandard").GetBoolean()).GetProperty("id").GetGuid();
        var program = (await admin.GetAsync("/api/v1/programs").Json200())[0].GetProperty("id").GetGuid();
        var coach = (await admin.GetAsync("/api/v1/users").Json200()).EnumerateArray().First(u => u.GetProperty("role").GetString() == "coach").GetProperty("id").GetGuid();
        return new Dictionary<string, (string, string)>
        {
            [""] = (Admin, "/"),
            ["Account/AccessDenied"] = (Founder, "/Account/AccessDenied"),
            ["Account/Login"] = (Anonymous, "/Account/Login"),
            ["Account/Logout"] = (Admin, "/Account/Logout"),
            ["Account/ResetPassword"] = (Anonymous, "/Account/ResetPassword"),
            ["Claims"] = (Admin, "/Claims"),
            ["Companies"] = (Admin, "/Companies"),
            ["Companies/New"] = (Admin, "/Companies/New"),
            ["Companies/{id}"] = (Admin, $"/Companies/{company}"),
            ["Companies/{id}/Edit"] = (Admin, $"/Companies/{company}/Edit"),
            ["Companies/{id}/Milestones"] = (Admin, $"/Companies/{company}/Milestones"),
            ["Companies/{id}/Interactions/New"] = (Admin, $"/Companies/{company}/Interactions/New"),
            ["Companies/{id}/Updates/New"] = (Founder, $"/Companies/{company}/Updates/New"),
            ["Error"] = (Anonymous, "/Error"),
            ["Imports"] = (Admin, "/Imports"),
            ["Imports/Calendar"] = (Admin, $"/Imports/Calendar?companyId={company}"),
            ["Platform"] = (Operator, "/Platform"),
            ["Programs"] = (Admin, "/Programs"),
            ["Programs/{id}"] = (Admin, $"/Programs/{program}"),
            ["Programs/{id}/Edit"] = (Admin, $"/Programs/{program}/Edit"),
            ["Reports"] = (Admin, "/Reports"),
            ["reports/program-effects"] = (Admin, "/reports/program-effects"),
            ["Settings"] = (Admin, "/Settings"),
            ["Settings/Account"] = (Founder, "/Settings/Account"),
            ["Settings/Account/CalendarFeed"] = (Founder, "/Settings/Account/CalendarFeed"),
            ["Settings/Users"] = (Admin, "/Settings/Users"),
            ["Settings/Users/{id}"] = (Admin, $"/Settings/Users/{coach}"),
            ["Tracks"] = (Admin, "/Tracks"),
            ["Tracks/{id}"] = (Admin, $"/Tracks/{custom}"),
            ["Tracks/{id}/Velocity"] = (Admin, $"/Tracks/{custom}/Velocity"),
        };
    }

    /// <summary>Pages in states a route's sample does not show, by screenshot name: a new organization's
    /// first steps and empty lists, and a milestone page while milestones are off (Harbor, a 404 page).</summary>
    private async Task<Dictionary<string, (string Who, string Url)>> StatesAsync()
    {
        using var platform = await app.ClientForAsync(Operator);
        var adminEmail = $"admin-{Guid.NewGuid().ToString("N")[..8]}@new.example";
        await platform.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "New Organization", adminEmail, adminPassword = AppFactory.Password, adminDisplayName = "Nia New" })
            .ShouldBe(System.Net.HttpStatusCode.Created);
        return new Dictionary<string, (string, string)>
        {
            ["state-new-organization-first-steps"] = (adminEmail, "/"),
            ["state-new-organization-no-programs"] = (adminEmail, "/programs"),
            ["state-milestones-off-admin"] = ("admin@harbor.demo", "/tracks"),
            ["state-milestones-off-coach"] = ("coach@harbor.demo", "/reports"),
        };
    }

    /// <summary>Every page route of the app, spelled without constraints ("Companies/{id}").</summary>
    private HashSet<string> PageRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => Constraint().Replace(e.RoutePattern.RawText ?? "", "}").Trim('/'))
            .Select(r => r.EndsWith("/Index", StringComparison.Ordinal) ? r[..^6] : r == "Index" ? "" : r)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex SlugChars();

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex Constraint();
}
