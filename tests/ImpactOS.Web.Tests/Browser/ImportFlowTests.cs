using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class ImportFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminUploadsAFileSeesThePreviewAndConfirms()
    {
        var tenant = await App.CreateTenantAsync();
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        var good = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "company,milestone,achieved_at\nNova Labs,Business model hypothesis,2999-01-01\nNova Labs,Teleportation,2021-01-01\n");
        await File.WriteAllTextAsync(good, "company,industry,founded_on,milestone,achieved_at\nNova Labs,Biotech,2020-01-01,Business model hypothesis,2020-03-01\nNova Labs,,,Problem Validation,2020-06-01\n");

        await SignInAsync(tenant.AdminEmail);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Import" }).ClickAsync();
        await AssertAccessibleAsync();
        await Page.GetByLabel("CSV file (at most 50 MB)").SetInputFilesAsync(bad);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("2 problems found; nothing will be imported");
        await Assertions.Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Cannot be in the future.");
        await Assertions.Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("No milestone “Teleportation”");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Choose another file" }).ClickAsync();
        await Page.GetByLabel("CSV file (at most 50 MB)").SetInputFilesAsync(good);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "2. Check what will happen" })).ToContainTextAsync("New companies: Nova Labs.");
        await AssertAccessibleAsync();
        await ScreenshotAsync("import-preview");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import 2 rows" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported 2 rows: 1 new company, 2 achievements added");

        await Page.GotoAsync("/Companies?q=Nova");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Nova Labs" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Milestone Roadmap" })).ToContainTextAsync("2 of 11 reached");
        File.Delete(bad);
        File.Delete(good);
    }
}
