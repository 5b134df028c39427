using System.Net;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Programs;

/// <summary>The programs page sorts by its column headers (plain links with aria-sort) and pages
/// by keyset, as the companies list does.</summary>
public sealed partial class ProgramListPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const int PageSize = 50;

    /// <summary>51 programs (one more than a page): "Program 00" starts first, "Program 50" last,
    /// and "Program 07" has no dates at all.</summary>
    private async Task<TestTenant> TenantWithProgramsAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            for (var i = 0; i <= PageSize; i++)
            {
                db.Programs.Add(new SupportProgram
                {
                    Name = $"Program {i:D2}",
                    StartsOn = i == 7 ? null : new DateOnly(2020, 1, 1).AddDays(i * 10),
                    CreatedAt = db.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        });
        return tenant;
    }

    private static List<string> Names(string html) => ProgramLink().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The address of the pager link reading <paramref name="text"/>, if the page has one.</summary>
    private static string? Href(string html, string text) =>
        Regex.Match(html, $"<a [^>]*href=\"([^\"]+)\"[^>]*>(?:(?!</a>).)*?{Regex.Escape(text)}\\s*(?:<i [^>]*></i>\\s*)?</a>") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The address of a sortable column header's link.</summary>
    private static string SortHref(string html, string header) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"<a href=\"([^\"]+)\" class=\"sort-link\">{header}\\s*<").Groups[1].Value);

    private static string AriaSort(string html, string header) =>
        Regex.Match(html, $"<th [^>]*aria-sort=\"([a-z]+)\"[^>]*><a [^>]*class=\"sort-link\">{header}\\s*<").Groups[1].Value;

    [Fact]
    public async Task TheProgramsListOpensNewestStartFirstAndPagesOnToTheRestWithoutRepeatingOne()
    {
        var tenant = await TenantWithProgramsAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var first = await page.GetStringAsync("/programs");
        var firstNames = Names(first);
        Assert.Equal(PageSize, firstNames.Count);
        Assert.Equal("Program 50", firstNames[0]);
        Assert.Contains("51 programs", first, StringComparison.Ordinal);
        Assert.Equal("descending", AriaSort(first, "Dates"));
        Assert.Equal("none", AriaSort(first, "Program"));
        Assert.Null(Href(first, "First page"));

        var next = Href(first, "Next page");
        Assert.NotNull(next);
        Assert.StartsWith("/programs?cursor=", next, StringComparison.Ordinal);
        var second = await page.GetStringAsync(next);
        // The undated program counts as the earliest, so it ends the newest-first order on both databases.
        Assert.Equal(["Program 07"], Names(second));
        Assert.Equal("/programs", Href(second, "First page"));
        Assert.Null(Href(second, "Next page"));
    }

    [Fact]
    public async Task AColumnHeaderSortsTheProgramsByItAndAgainTheOtherWayRound()
    {
        var tenant = await TenantWithProgramsAsync();
        using var page = await factory.PageClientForAsync(tenant.AdminEmail);

        var list = await page.GetStringAsync("/programs");
        Assert.Equal("/programs?sort=name", SortHref(list, "Program"));
        Assert.Equal("/programs?sort=starts", SortHref(list, "Dates"));

        var byName = await page.GetStringAsync("/programs?sort=name");
        Assert.Equal("ascending", AriaSort(byName, "Program"));
        Assert.Equal("none", AriaSort(byName, "Dates"));
        Assert.Equal("/programs?sort=-name", SortHref(byName, "Program"));
        var names = Names(byName);
        Assert.Equal(Enumerable.Range(0, PageSize).Select(i => $"Program {i:D2}"), names);
        var rest = Names(await page.GetStringAsync(Href(byName, "Next page")!));
        Assert.Equal(["Program 50"], rest);

        var descending = await page.GetStringAsync("/programs?sort=-name");
        Assert.Equal("descending", AriaSort(descending, "Program"));
        Assert.Equal("Program 50", Names(descending)[0]);

        var oldestFirst = Names(await page.GetStringAsync("/programs?sort=starts"));
        Assert.Equal(["Program 07", "Program 00", "Program 01"], oldestFirst.Take(3));
    }

    [Fact]
    public async Task AnOrderOrCursorTheListDidNotGiveOutSaysSoAndShowsTheFirstPage()
    {
        var tenant = await TenantWithProgramsAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        var byName = await page.GetStringAsync("/programs?sort=name");
        var nameCursor = Href(byName, "Next page")!.Split("cursor=")[1];

        foreach (var url in new[] { "/programs?sort=founded", "/programs?cursor=not-a-cursor", $"/programs?sort=starts&cursor={nameCursor}" })
        {
            var response = await page.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("is not one this list gave out", html, StringComparison.Ordinal);
            Assert.Equal("Program 50", Names(html)[0]);
        }
    }

    [Fact]
    public async Task AnEmptyProgramsListSaysWhatToDoForAnAdminAndForACoach()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await factory.PageClientForAsync(tenant.AdminEmail);
        using var coach = await factory.PageClientForAsync(tenant.CoachEmail);

        var asAdmin = await admin.GetStringAsync("/programs");
        Assert.Contains("data-testid=\"no-programs\"", asAdmin, StringComparison.Ordinal);
        Assert.Contains("href=\"#new-program\"", asAdmin, StringComparison.Ordinal);
        Assert.Contains("Cohorts and batches: each a time window", asAdmin, StringComparison.Ordinal);

        var asCoach = await coach.GetStringAsync("/programs");
        Assert.Contains("An admin of your organization creates programs", asCoach, StringComparison.Ordinal);
        Assert.Contains("href=\"/companies\"", asCoach, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#new-program\"", asCoach, StringComparison.Ordinal);
    }

    [GeneratedRegex("<a class=\"fw-semibold\" href=\"/programs/[0-9a-f-]{36}\">([^<]+)</a>")]
    private static partial Regex ProgramLink();
}
