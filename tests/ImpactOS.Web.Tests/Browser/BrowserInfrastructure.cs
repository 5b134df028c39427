using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

/// <summary>The app on a real Kestrel port, for a real browser.</summary>
public class BrowserAppFactory : AppFactory
{
    public BrowserAppFactory() => UseKestrel(0);

    public string BaseUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        // API clients made by the tests talk to the same real server.
        ClientOptions.BaseAddress = new Uri(BaseUrl);
    }
}

/// <summary>One headless Debian Chromium for all browser tests. Playwright never downloads a browser.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Base of every browser test: a fresh browser context per test, sign-in, screenshots
/// under artifacts/screenshots, and an axe-core accessibility scan.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public abstract class BrowserTest(BrowserFixture browser, BrowserAppFactory app) : IClassFixture<BrowserAppFactory>, IAsyncLifetime
{
    protected BrowserAppFactory App { get; } = app;
    protected IPage Page { get; private set; } = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    protected Task SignInAsync(string email) => BrowserPages.SignInAsync(Page, email);

    /// <summary>Keeps a picture of the page for a person to look at.</summary>
    protected async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    /// <summary>Runs axe-core (WCAG 2 A and AA rules) on the current page and fails on any violation.</summary>
    protected async Task AssertAccessibleAsync()
    {
        var violations = await BrowserPages.AccessibilityViolationsAsync(Page);
        Assert.True(violations.Count == 0, $"Accessibility violations on {Page.Url}:\n" + string.Join("\n", violations));
    }
}

/// <summary>What every browser test does with a page: sign in as a person would, and ask axe-core.</summary>
public static class BrowserPages
{
    /// <summary>Waits (up to 10 s) until some of the element is inside the viewport, as Playwright's
    /// ToBeInViewport asks, but measured with getBoundingClientRect on a timer: ToBeInViewport uses an
    /// IntersectionObserver, whose first answer waits for a rendered frame, and under the full suite's
    /// load on 2 cores Chromium sometimes renders none within its 5 s (the flash was in view; the
    /// observer reported ratio 0).</summary>
    public static async Task AssertInViewportAsync(ILocator locator)
    {
        await Assertions.Expect(locator).ToBeVisibleAsync();
        // Evaluated through the DevTools protocol (the page's CSP forbids the eval that
        // WaitForFunction needs); asked again every 100 ms while a smooth scroll may still be moving.
        const string inView = "el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth; }";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await locator.EvaluateAsync<bool>(inView))
        {
            Assert.True(DateTime.UtcNow < deadline, "The element did not come into the viewport within 10 s: " +
                await locator.EvaluateAsync<string>("el => { const r = el.getBoundingClientRect(); return `top ${r.top}, bottom ${r.bottom}, left ${r.left}, right ${r.right}, viewport ${window.innerWidth}×${window.innerHeight}, position ${getComputedStyle(el).position}`; }"));
            await Task.Delay(100);
        }
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>axe-core's WCAG 2.1 A and AA rules on the current page, evaluated through the DevTools
    /// protocol (so the page's CSP need not be loosened); only the given impacts when named.</summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolationsAsync(IPage page, params string[] impacts)
    {
        var axe = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Browser", "axe", "axe.min.js"));
        await page.EvaluateAsync(axe);
        var result = await page.EvaluateAsync<JsonElement>(
            "async (impacts) => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });" +
            " return r.violations.filter(v => impacts.length === 0 || impacts.includes(v.impact))" +
            ".map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })); }",
            impacts);
        return result.EnumerateArray().Select(v => v.ToString()).ToList();
    }
}
