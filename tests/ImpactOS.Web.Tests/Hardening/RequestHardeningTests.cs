using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tests.Browser;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>Checks that need the real Kestrel server (body size limits are Kestrel's).</summary>
public sealed class RequestHardeningTests(BrowserAppFactory factory) : IClassFixture<BrowserAppFactory>
{
    [Fact]
    public async Task AnOversizedBodyAnswers413ProblemAndCreatesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var huge = new string('x', 2 * 1024 * 1024);
        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Huge", industry = huge }).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        var list = await coach.GetAsync("/api/v1/companies?q=Huge").Json200();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task DeeplyNestedJsonIsA400()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var nested = "{\"name\":\"Deep\",\"x\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";
        using var content = new StringContent(nested, Encoding.UTF8, "application/json");
        await coach.PostAsync("/api/v1/companies", content).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AFormPostWithoutItsAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(factory.BaseUrl) };
        var loginPage = await browser.GetStringAsync("/Account/Login");
        var token = Regex.Match(loginPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = tenant.AdminEmail,
            ["Password"] = AppFactory.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var forged = await browser.PostAsync("/Settings?handler=Features", new FormUrlEncodedContent(new Dictionary<string, string> { ["FeatureMilestones"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var admin = await tenant.AdminAsync();
        Assert.False((await admin.GetAsync("/api/v1/settings").Json200()).GetProperty("featureMilestones").GetBoolean());
    }

    [Fact]
    public async Task TheSignInCookieIsHttpOnlyAndSameSite()
    {
        var tenant = await factory.CreateTenantAsync();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(factory.BaseUrl) };
        var loginPage = await browser.GetStringAsync("/Account/Login");
        var token = Regex.Match(loginPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = tenant.CoachEmail,
            ["Password"] = AppFactory.Password,
            ["__RequestVerificationToken"] = token,
        }));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("impactos.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
