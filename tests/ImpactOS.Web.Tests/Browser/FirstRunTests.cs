using System.Collections.Concurrent;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

/// <summary>The README's first command, as a newcomer meets it: the app in its own process from the
/// web project's build output, in the Production environment, with no test-only wiring of static
/// files, and a real browser that asks for compressed assets as every browser does. This is the test
/// that would have caught the first run serving every page unstyled.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FirstRunTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string DemoPassword = "first-run-demo-pass";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "impactos-first-run-" + Guid.NewGuid().ToString("N")[..8]);
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppProcess.AsTheReadmeStartsIt(_dataDir, DemoPassword);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task The_first_run_prints_its_address_and_demo_logins_and_serves_styled_pages_with_a_drawn_chart()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var assets = new ConcurrentBag<(string Url, int Status, int Bytes, string ContentType)>();
        var pending = new ConcurrentBag<Task>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType is "stylesheet" or "script")
            {
                pending.Add(RecordAsync(response));
            }
        };

        async Task RecordAsync(IResponse response)
        {
            var bytes = response.Status < 300 ? (await response.BodyAsync()).Length : 0;
            assets.Add((response.Url, response.Status, bytes, response.Headers.GetValueOrDefault("content-type", "")));
        }

        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await AssertStyledAsync(page, "sign-in");

        await page.GetByLabel("Email").FillAsync("coach@northstar.demo");
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AssertStyledAsync(page, "portfolio");
        await page.WaitForFunctionAsync(ChartDrawnScript);

        await Task.WhenAll(pending);
        Assert.NotEmpty(assets);
        Assert.All(assets, a =>
        {
            Assert.True(a.Status == 200 && a.Bytes > 0, $"{a.Url}: HTTP {a.Status}, {a.Bytes} bytes");
            Assert.Matches("^(text/css|text/javascript|application/javascript)", a.ContentType);
        });
        Assert.Contains(assets, a => a.ContentType.StartsWith("text/css", StringComparison.Ordinal));

        var printed = _app.Output;
        Assert.Contains($"is running at http://127.0.0.1:{_app.Port}", printed, StringComparison.Ordinal);
        Assert.Contains("password: " + DemoPassword, printed, StringComparison.Ordinal);
        Assert.Contains("coach@northstar.demo", printed, StringComparison.Ordinal);
    }

    /// <summary>Styled means Bootstrap's rules arrived and apply: hundreds of CSS rules, and the body
    /// in Bootstrap's system font stack rather than the browser's default serif.</summary>
    private static async Task AssertStyledAsync(IPage page, string name)
    {
        var rules = await page.EvaluateAsync<int>(
            "() => [...document.styleSheets].reduce((n, s) => { try { return n + s.cssRules.length; } catch (e) { return n; } }, 0)");
        var font = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily");
        Assert.True(rules > 100, $"{name}: only {rules} CSS rules");
        Assert.DoesNotMatch("^\"?Times", font);
        Assert.Contains("system-ui", font, StringComparison.Ordinal);
    }

    /// <summary>A chart is drawn when some canvas on the page has a pixel that is not transparent.</summary>
    private const string ChartDrawnScript =
        "() => [...document.querySelectorAll('canvas')].some(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;" +
        " for (let i = 3; i < d.length; i += 4) { if (d[i]) return true; } return false; })";
}
