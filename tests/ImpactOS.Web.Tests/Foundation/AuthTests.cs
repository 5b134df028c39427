using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class AuthTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task LoginGivesABearerTokenThatIdentifiesTheUser()
    {
        var tenant = await factory.CreateTenantAsync(name: "Login Org");
        using var anonymous = factory.AnonymousClient();

        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = AppFactory.Password }).ShouldBe(HttpStatusCode.OK);
        var token = await login.JsonBody();
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.True(token.GetProperty("expiresIn").GetInt32() > 0);

        using var coach = await tenant.CoachAsync();
        var me = await coach.GetAsync("/api/v1/me").Json200();
        Assert.Equal(tenant.CoachEmail, me.GetProperty("email").GetString());
        Assert.Equal("coach", me.GetProperty("role").GetString());
        Assert.Equal(tenant.Id, me.GetProperty("tenantId").GetGuid());
        Assert.Equal("Login Org", me.GetProperty("tenantName").GetString());
    }

    [Fact]
    public async Task WrongPasswordAndUnknownEmailGetTheSameRefusal()
    {
        var tenant = await factory.CreateTenantAsync();
        using var anonymous = factory.AnonymousClient();

        var wrongPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.AdminEmail, password = "not-the-password" })
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
        var unknownEmail = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@test.example", password = "not-the-password" })
            .ShouldBeProblem(HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.GetProperty("title").GetString(), unknownEmail.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ApiWithoutCredentialsAnswers401ProblemNotARedirect()
    {
        using var anonymous = factory.AnonymousClient();
        await anonymous.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await anonymous.GetAsync("/api/v1/companies").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PagesRedirectAnonymousVisitorsToTheLoginPage()
    {
        using var anonymous = factory.AnonymousClient();
        var response = await anonymous.GetAsync("/Companies");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiDoesNotAcceptTheBrowserCookie()
    {
        // Pages use a cookie; the API only bearer tokens, so a cross-site request can never act on it.
        var tenant = await factory.CreateTenantAsync();
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var loginPage = await browser.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(loginPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = tenant.AdminEmail,
            ["Password"] = AppFactory.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Companies")).StatusCode);

        await browser.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
