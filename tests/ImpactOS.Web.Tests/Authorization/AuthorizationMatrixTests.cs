using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static ImpactOS.Web.Tests.Authorization.Actor;

namespace ImpactOS.Web.Tests.Authorization;

/// <summary>Every endpoint and page × {anonymous, founder of this company, founder of another
/// company, coach, admin, admin of another organization, platform operator}, with the expected
/// answer written out, denials included. A new endpoint without a row fails the build of trust.</summary>
public sealed partial class AuthorizationMatrixTests(MatrixFixture world) : IClassFixture<MatrixFixture>
{
    private static readonly Actor[] Actors = Enum.GetValues<Actor>();

    public sealed record ApiRow(string Method, string Route, Func<MatrixFixture, Task<HttpRequestMessage>> Request, int[] Expected)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    // Expected answers, in the order of Actor: anonymous, founder of this company, founder of
    // another company, coach, admin, admin of another organization, platform operator.
    private static int[] Member(int ok) => [401, ok, 404, ok, ok, 404, 403];
    private static int[] StaffOnCompany(int ok) => [401, 403, 403, ok, ok, 404, 403];
    private static int[] Staff(int ok) => [401, 403, 403, ok, ok, ok, 403];
    private static int[] AnyMember(int ok) => [401, ok, ok, ok, ok, ok, 403];
    private static int[] Admin(int ok) => [401, 403, 403, 403, ok, ok, 403];
    private static int[] AdminOfThisTenant(int ok) => [401, 403, 403, 403, ok, 404, 403];
    private static int[] OperatorOnly(int ok) => [401, 403, 403, 403, 403, 403, ok];
    private static int[] Everyone(int ok) => [ok, ok, ok, ok, ok, ok, ok];
    private static int[] SignedIn(int ok) => [401, ok, ok, ok, ok, ok, ok];
    private static int[] CustomTrackEditor(int ok) => [401, 403, 403, 403, ok, 404, 404];

    private static Func<MatrixFixture, Task<HttpRequestMessage>> Get(Func<MatrixFixture, string> url) =>
        w => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, url(w)));

    private static Func<MatrixFixture, Task<HttpRequestMessage>> Send(HttpMethod method, Func<MatrixFixture, string> url, Func<MatrixFixture, object>? body = null) =>
        w => Task.FromResult(new HttpRequestMessage(method, url(w)) { Content = body is null ? null : JsonContent.Create(body(w)) });

    private static Func<MatrixFixture, Task<HttpRequestMessage>> SendAsync(HttpMethod method, Func<MatrixFixture, Task<string>> url, Func<MatrixFixture, object>? body = null) =>
        async w => new HttpRequestMessage(method, await url(w)) { Content = body is null ? null : JsonContent.Create(body(w)) };

    /// <summary>One meeting, for the calendar import's rows.</summary>
    internal const string MatrixIcs = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matrix//EN\r\nBEGIN:VEVENT\r\nUID:matrix@test\r\nDTSTAMP:20250301T000000Z\r\nDTSTART:20250310T100000Z\r\nSUMMARY:Matrix meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Put = HttpMethod.Put;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    public static readonly ApiRow[] Api =
    [
        new("POST", "/api/v1/auth/login", w => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email = w.Tenant.CoachEmail, password = Infrastructure.AppFactory.Password }) }), Everyone(200)),
        new("GET", "/api/v1/me", Get(_ => "/api/v1/me"), SignedIn(200)),
        new("POST", "/api/v1/auth/refresh", async w => new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh") { Content = JsonContent.Create(new { refreshToken = (await w.Factory.NewLoginAsync(w.Tenant.CoachEmail)).GetProperty("refreshToken").GetString() }) }, Everyone(200)),
        new("POST", "/api/v1/auth/logout", async w =>
        {
            // Ends a session of its own, not the one the actor's other rows use.
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
            if (w.Acting != Anonymous)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await w.NewTokenAsync(w.Acting));
            }

            return request;
        }, SignedIn(204)),
        new("PUT", "/api/v1/me/password", Send(Put, _ => "/api/v1/me/password", _ => new { currentPassword = Infrastructure.AppFactory.Password, newPassword = "short" }), SignedIn(400)),
        new("GET", "/api/v1/me/calendar-feed", Get(_ => "/api/v1/me/calendar-feed"), AnyMember(200)),
        new("POST", "/api/v1/me/calendar-feed", Send(Post, _ => "/api/v1/me/calendar-feed"), AnyMember(201)),
        new("DELETE", "/api/v1/me/calendar-feed", Send(Delete, _ => "/api/v1/me/calendar-feed"), AnyMember(204)),
        // The token is the credential: whoever sends it (signed in as anyone, or not at all) gets the coach's feed.
        new("GET", "/feeds/{token}.ics", SendAsync(HttpMethod.Get, w => w.CoachFeedPathAsync()), Everyone(200)),
        new("GET", "/api/v1/evidence/{fileId}", Get(w => $"/api/v1/evidence/{w.EvidenceFile}"), Member(200)),
        new("POST", "/api/v1/imports/milestones", w => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports/milestones?dryRun=true") { Content = new StringContent("company,milestone,achieved_at\nImported Co,Business model hypothesis,2024-01-01\n", Encoding.UTF8, "text/csv") }), Staff(200)),
        new("POST", "/api/v1/imports/calendar", w => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports/calendar?dryRun=true&companyId={w.CompanyA}") { Content = new StringContent(MatrixIcs, Encoding.UTF8, "text/calendar") }), StaffOnCompany(200)),
        new("GET", "/api/v1/companies/{id}/velocity", Get(w => $"/api/v1/companies/{w.CompanyA}/velocity"), Member(200)),
        new("GET", "/api/v1/tracks/{id}/velocity", Get(_ => $"/api/v1/tracks/{SystemStandards.SaaS}/velocity"), Staff(200)),
        new("GET", "/api/v1/portfolio", Get(_ => "/api/v1/portfolio"), Staff(200)),
        new("GET", "/api/v1/reports/portfolio.csv", Get(_ => "/api/v1/reports/portfolio.csv"), Staff(200)),
        new("GET", "/api/v1/reports/track-velocity.csv", Get(_ => $"/api/v1/reports/track-velocity.csv?trackId={SystemStandards.SaaS}"), Staff(200)),
        new("GET", "/api/v1/reports/velocity", Get(_ => $"/api/v1/reports/velocity?trackId={SystemStandards.SaaS}"), Staff(200)),
        new("GET", "/api/v1/reports/velocity.csv", Get(_ => $"/api/v1/reports/velocity.csv?trackId={SystemStandards.SaaS}"), Staff(200)),
        new("GET", "/api/v1/platform/tenants", Get(_ => "/api/v1/platform/tenants"), OperatorOnly(200)),
        new("POST", "/api/v1/platform/tenants", Send(Post, _ => "/api/v1/platform/tenants", w => new { name = "Tenant " + w.Unique(), adminEmail = $"a{w.Unique()}@matrix.test", adminPassword = "a-long-enough-password" }), OperatorOnly(201)),
        new("GET", "/api/v1/users", Get(_ => "/api/v1/users"), Admin(200)),
        new("GET", "/api/v1/users/{id}", Get(w => $"/api/v1/users/{w.Target}"), AdminOfThisTenant(200)),
        new("PUT", "/api/v1/users/{id}", Send(Put, w => $"/api/v1/users/{w.Target}", _ => new { displayName = "Matrix Target" }), AdminOfThisTenant(200)),
        new("POST", "/api/v1/users/{id}/password-reset", Send(Post, w => $"/api/v1/users/{w.Target}/password-reset"), AdminOfThisTenant(200)),
        new("POST", "/api/v1/users", Send(Post, _ => "/api/v1/users", w => new { email = $"u{w.Unique()}@matrix.test", password = "a-long-enough-password", displayName = "New", role = "coach" }), Admin(201)),
        new("GET", "/api/v1/settings", Get(_ => "/api/v1/settings"), AnyMember(200)),
        new("PUT", "/api/v1/settings", Send(Put, _ => "/api/v1/settings", _ => new { featureMilestones = true }), Admin(200)),
        new("GET", "/api/v1/companies", Get(_ => "/api/v1/companies"), AnyMember(200)),
        new("POST", "/api/v1/companies", Send(Post, _ => "/api/v1/companies", w => new { name = "Company " + w.Unique() }), Staff(201)),
        new("GET", "/api/v1/companies/{id}", Get(w => $"/api/v1/companies/{w.CompanyA}"), Member(200)),
        new("PUT", "/api/v1/companies/{id}", Send(Put, w => $"/api/v1/companies/{w.CompanyA}", _ => new { name = "Company A", foundedOn = "2024-01-15" }), StaffOnCompany(200)),
        new("DELETE", "/api/v1/companies/{id}", SendAsync(Delete, async w => $"/api/v1/companies/{await w.FreshCompanyAsync()}"), AdminOfThisTenant(200)),
        new("PUT", "/api/v1/companies/{id}/outcome", Send(Put, w => $"/api/v1/companies/{w.CompanyA}/outcome", _ => new { outcome = "active" }), StaffOnCompany(200)),
        new("GET", "/api/v1/companies/{id}/outcome/history", Get(w => $"/api/v1/companies/{w.CompanyA}/outcome/history"), Member(200)),
        new("POST", "/api/v1/companies/{id}/restore", SendAsync(Post, async w => $"/api/v1/companies/{await w.ArchivedCompanyAsync()}/restore"), AdminOfThisTenant(200)),
        new("GET", "/api/v1/tracks", Get(_ => "/api/v1/tracks"), SignedIn(200)),
        new("POST", "/api/v1/tracks", Send(Post, _ => "/api/v1/tracks", w => new { title = "Track " + w.Unique() }), [401, 403, 403, 403, 201, 201, 201]),
        new("GET", "/api/v1/tracks/{id}", Get(w => $"/api/v1/tracks/{w.CustomTrack}"), [401, 200, 200, 200, 200, 404, 404]),
        new("PUT", "/api/v1/tracks/{id}", Send(Put, w => $"/api/v1/tracks/{w.CustomTrack}", _ => new { title = "Matrix Track" }), CustomTrackEditor(200)),
        new("POST", "/api/v1/tracks/{id}/copy", Send(Post, _ => $"/api/v1/tracks/{SystemStandards.SaaS}/copy", w => new { title = "Copy " + w.Unique() }), Admin(201)),
        new("POST", "/api/v1/tracks/{id}/milestones", Send(Post, w => $"/api/v1/tracks/{w.CustomTrack}/milestones", w => new { title = "Step " + w.Unique() }), CustomTrackEditor(201)),
        new("PUT", "/api/v1/tracks/{id}/milestones/{milestoneId}", Send(Put, w => $"/api/v1/tracks/{w.CustomTrack}/milestones/{w.CustomMilestone}", _ => new { title = "Business model hypothesis" }), CustomTrackEditor(200)),
        new("DELETE", "/api/v1/tracks/{id}/milestones/{milestoneId}", SendAsync(Delete, async w =>
        {
            using var admin = await w.Tenant.AdminAsync();
            var track = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{w.CustomTrack}/milestones", new { title = "Doomed " + w.Unique() })).JsonBody();
            return $"/api/v1/tracks/{w.CustomTrack}/milestones/{track.GetProperty("milestones").EnumerateArray().Last().GetProperty("id").GetGuid()}";
        }), CustomTrackEditor(200)),
        new("POST", "/api/v1/tracks/{id}/milestones/{milestoneId}/restore", SendAsync(Post, async w => $"/api/v1/tracks/{w.CustomTrack}/milestones/{await w.ArchivedMilestoneAsync()}/restore"), CustomTrackEditor(200)),
        new("PUT", "/api/v1/tracks/{id}/milestone-order", async w =>
        {
            using var admin = await w.Tenant.AdminAsync();
            var track = await admin.GetAsync($"/api/v1/tracks/{w.CustomTrack}").Json200();
            var ids = track.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
            return new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tracks/{w.CustomTrack}/milestone-order") { Content = JsonContent.Create(new { milestoneIds = ids }) };
        }, CustomTrackEditor(200)),
        new("GET", "/api/v1/companies/{id}/milestones", Get(w => $"/api/v1/companies/{w.CompanyA}/milestones"), Member(200)),
        new("PUT", "/api/v1/companies/{id}/milestones/{milestoneId}", Send(Put, w => $"/api/v1/companies/{w.CompanyA}/milestones/{MatrixFixture.SaaSStep}", _ => new { achievedAt = "2024-02-01T00:00:00Z" }), StaffOnCompany(200)),
        new("DELETE", "/api/v1/companies/{id}/milestones/{milestoneId}", Send(Delete, w => $"/api/v1/companies/{w.CompanyA}/milestones/{MatrixFixture.SaaSStep}"), StaffOnCompany(200)),
        new("GET", "/api/v1/companies/{id}/milestones/{milestoneId}/history", Get(w => $"/api/v1/companies/{w.CompanyA}/milestones/{MatrixFixture.SaaSStep}/history"), Member(200)),
        new("POST", "/api/v1/companies/{id}/milestones/{milestoneId}/evidence", w => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/companies/{w.CompanyA}/milestones/{MatrixFixture.SaaSStep}/evidence")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 more"u8.ToArray()), "file", "more.pdf" } },
        }), StaffOnCompany(201)),
        new("POST", "/api/v1/companies/{id}/milestones/{milestoneId}/claims", Send(Post, w => $"/api/v1/companies/{w.CompanyA}/milestones/{(w.Acting == FounderOfThisCompany ? w.UnclaimedStep() : MatrixFixture.SaaSStep)}/claims", _ => new { achievedOn = "2024-03-01" }), [401, 201, 404, 403, 403, 403, 403]),
        new("GET", "/api/v1/claims", Get(_ => "/api/v1/claims?status=open"), AnyMember(200)),
        new("POST", "/api/v1/claims/{claimId}/file", w => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{w.OpenClaim}/file")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 again"u8.ToArray()), "file", "again.pdf" } },
        }), [401, 200, 404, 403, 403, 403, 403]),
        new("GET", "/api/v1/claims/{claimId}/file", Get(w => $"/api/v1/claims/{w.OpenClaim}/file"), Member(200)),
        new("POST", "/api/v1/claims/{claimId}/approve", SendAsync(Post, async w => $"/api/v1/claims/{await w.ClaimToDecideAsync(approving: true)}/approve", _ => new { }), [401, 403, 403, 200, 200, 404, 403]),
        new("POST", "/api/v1/claims/{claimId}/decline", SendAsync(Post, async w => $"/api/v1/claims/{await w.ClaimToDecideAsync(approving: false)}/decline", _ => new { reason = "Not yet: send the signed contract." }), [401, 403, 403, 200, 200, 404, 403]),
        new("GET", "/api/v1/companies/{id}/timeline", Get(w => $"/api/v1/companies/{w.CompanyA}/timeline"), Member(200)),
        new("POST", "/api/v1/companies/{id}/interactions", Send(Post, w => $"/api/v1/companies/{w.CompanyA}/interactions", _ => new { kind = "call", occurredAt = "2025-06-01T10:00:00Z", subject = "Check-in" }), StaffOnCompany(201)),
        new("POST", "/api/v1/companies/{id}/updates", Send(Post, w => $"/api/v1/companies/{w.CompanyA}/updates", _ => new { period = "2025-Q2", summary = "Steady" }), Member(201)),
        new("GET", "/api/v1/programs", Get(_ => "/api/v1/programs"), Staff(200)),
        new("POST", "/api/v1/programs", Send(Post, _ => "/api/v1/programs", w => new { name = "Program " + w.Unique() }), Admin(201)),
        new("GET", "/api/v1/programs/{id}", Get(w => $"/api/v1/programs/{w.Program}"), [401, 403, 403, 200, 200, 404, 403]),
        new("PUT", "/api/v1/programs/{id}", Send(Put, w => $"/api/v1/programs/{w.Program}", _ => new { name = "Matrix Cohort" }), AdminOfThisTenant(200)),
        new("POST", "/api/v1/programs/{id}/enrollments", async w => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/programs/{w.Program}/enrollments") { Content = JsonContent.Create(new { companyId = await w.FreshCompanyAsync(), enrolledOn = "2025-02-01" }) }, [401, 403, 403, 201, 201, 404, 403]),
        new("PUT", "/api/v1/programs/{id}/enrollments/{enrollmentId}", Send(Put, w => $"/api/v1/programs/{w.Program}/enrollments/{w.Enrollment}", _ => new { enrolledOn = "2025-01-01" }), [401, 403, 403, 200, 200, 404, 403]),
        new("DELETE", "/api/v1/programs/{id}/enrollments/{enrollmentId}", SendAsync(Delete, async w =>
        {
            using var admin = await w.Tenant.AdminAsync();
            var enrolment = await (await admin.PostAsJsonAsync($"/api/v1/programs/{w.Program}/enrollments", new { companyId = await w.FreshCompanyAsync(), enrolledOn = "2025-02-01" })).JsonBody();
            return $"/api/v1/programs/{w.Program}/enrollments/{enrolment.GetProperty("id").GetGuid()}";
        }), [401, 403, 403, 204, 204, 404, 403]),
        new("GET", "/api/v1/reports/attribution", Get(_ => "/api/v1/reports/attribution"), Staff(200)),
        new("GET", "/api/v1/reports/program-lift", Get(_ => "/api/v1/reports/program-lift"), Staff(200)),
        new("GET", "/api/v1/reports/attribution.csv", Get(_ => "/api/v1/reports/attribution.csv"), Staff(200)),
        new("GET", "/api/v1/reports/program-lift.csv", Get(_ => "/api/v1/reports/program-lift.csv"), Staff(200)),
        new("GET", "/api/v1/reports/program-effects", Get(_ => "/api/v1/reports/program-effects?by=program"), Staff(200)),
        new("GET", "/api/v1/exports/program-effects.csv", Get(_ => "/api/v1/exports/program-effects.csv"), Staff(200)),
        new("GET", "/api/v1/exports/milestones.csv", Get(_ => "/api/v1/exports/milestones.csv"), Staff(200)),
        new("GET", "/api/v1/exports/companies.csv", Get(_ => "/api/v1/exports/companies.csv"), Staff(200)),
        new("GET", "/api/v1/exports/interactions.csv", Get(_ => "/api/v1/exports/interactions.csv"), Staff(200)),
        new("GET", "/healthz", Get(_ => "/healthz"), Everyone(200)),
        new("GET", "/healthz/ready", Get(_ => "/healthz/ready"), Everyone(200)),
        new("GET", "/healthz/live", Get(_ => "/healthz/live"), Everyone(200)),
        new("GET", "/openapi/{documentName}.json", Get(_ => "/openapi/v1.json"), Everyone(200)),
        new("GET", "/scalar/{documentName?}", Get(_ => "/scalar/v1"), Everyone(200)),
        new("GET", "/scalar/scalar.js", Get(_ => "/scalar/scalar.js"), Everyone(200)),
        new("GET", "/scalar/scalar.aspnetcore.js", Get(_ => "/scalar/scalar.aspnetcore.js"), Everyone(200)),
        new("GET", "/scalar/favicon.svg", Get(_ => "/scalar/favicon.svg"), Everyone(200)),
    ];

    /// <summary>Pages, answered to a browser: 200, a redirect to sign in, a redirect to "not allowed", or 404.</summary>
    public sealed record PageRow(string Route, Func<MatrixFixture, string> Url, string[] Expected)
    {
        public override string ToString() => Route;
    }

    private const string Ok = "200";
    private const string Login = "login";
    private const string Denied = "denied";
    private const string Missing = "404";
    private const string Elsewhere = "redirect";

    private static string[] PageStaff => [Login, Denied, Denied, Ok, Ok, Ok, Denied];
    private static string[] PageMemberOnCompany => [Login, Ok, Missing, Ok, Ok, Missing, Denied];
    private static string[] PageStaffOnCompany => [Login, Denied, Denied, Ok, Ok, Missing, Denied];

    public static readonly PageRow[] Pages =
    [
        new("", _ => "/", [Login, Elsewhere, Elsewhere, Ok, Ok, Ok, Elsewhere]),
        new("Account/Login", _ => "/Account/Login", [Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Account/Logout", _ => "/Account/Logout", [Login, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Account/AccessDenied", _ => "/Account/AccessDenied", [Login, "403", "403", "403", "403", "403", "403"]),
        new("Error", _ => "/Error", [Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        new("Companies", _ => "/Companies", [Login, Elsewhere, Elsewhere, Ok, Ok, Ok, Denied]),
        new("Companies/New", _ => "/Companies/New", PageStaff),
        new("Companies/{id}", w => $"/Companies/{w.CompanyA}", PageMemberOnCompany),
        new("Companies/{id}/Edit", w => $"/Companies/{w.CompanyA}/Edit", PageStaffOnCompany),
        new("Companies/{id}/Milestones", w => $"/Companies/{w.CompanyA}/Milestones", PageMemberOnCompany),
        new("Companies/{id}/Interactions/New", w => $"/Companies/{w.CompanyA}/Interactions/New", PageStaffOnCompany),
        new("Companies/{id}/Updates/New", w => $"/Companies/{w.CompanyA}/Updates/New", PageMemberOnCompany),
        new("Evidence/{id}", w => $"/Evidence/{w.EvidenceFile}", PageMemberOnCompany),
        new("Claims", _ => "/Claims", PageStaff),
        new("Claims/{id}/File", w => $"/Claims/{w.OpenClaim}/File", PageMemberOnCompany),
        new("Imports", _ => "/Imports", PageStaff),
        new("Imports/Calendar", _ => "/Imports/Calendar", PageStaff),
        new("Platform", _ => "/Platform", [Login, Denied, Denied, Denied, Denied, Denied, Ok]),
        new("Programs", _ => "/Programs", PageStaff),
        new("Programs/{id}", w => $"/Programs/{w.Program}", PageStaffOnCompany),
        new("Programs/{id}/Edit", w => $"/Programs/{w.Program}/Edit", [Login, Denied, Denied, Denied, Ok, Missing, Denied]),
        new("Reports", _ => "/Reports", PageStaff),
        new("reports/program-effects", _ => "/reports/program-effects", PageStaff),
        new("Settings", _ => "/Settings", [Login, Denied, Denied, Denied, Ok, Ok, Denied]),
        new("Settings/Users", _ => "/Settings/Users", [Login, Denied, Denied, Denied, Ok, Ok, Denied]),
        new("Settings/Users/{id}", w => $"/Settings/Users/{w.Target}", [Login, Denied, Denied, Denied, Ok, Missing, Denied]),
        new("Settings/Account", _ => "/Settings/Account", [Login, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Settings/Account/CalendarFeed", _ => "/Settings/Account/CalendarFeed", [Login, Ok, Ok, Ok, Ok, Ok, Denied]),
        new("Account/ResetPassword", _ => "/Account/ResetPassword", [Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Tracks", _ => "/Tracks", [Login, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Tracks/{id}", w => $"/Tracks/{w.CustomTrack}", [Login, Ok, Ok, Ok, Ok, Missing, Missing]),
        new("Tracks/{id}/Velocity", _ => $"/Tracks/{SystemStandards.SaaS}/Velocity", PageStaff),
    ];

    public static TheoryData<string> ApiRows() => [.. Api.Select(r => r.ToString())];

    public static TheoryData<string> PageRows() => [.. Pages.Select(r => r.Route)];

    [Theory]
    [MemberData(nameof(ApiRows))]
    public async Task EachApiEndpointAnswersEachActorAsWrittenDown(string row)
    {
        var entry = Api.Single(r => r.ToString() == row);
        var failures = new List<string>();
        foreach (var actor in Actors)
        {
            var client = await world.ApiAsync(actor);
            world.Acting = actor;
            using var request = await entry.Request(world);
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode != entry.Expected[(int)actor])
            {
                failures.Add($"{actor}: {(int)response.StatusCode}, expected {entry.Expected[(int)actor]} {await response.Content.ReadAsStringAsync()}");
            }
            else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentLength != 0)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.True(failures.Count == 0, row + "\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(PageRows))]
    public async Task EachPageAnswersEachActorAsWrittenDown(string route)
    {
        var entry = Pages.Single(r => r.Route == route);
        var failures = new List<string>();
        foreach (var actor in Actors)
        {
            var client = await world.PagesAsync(actor);
            using var response = await client.GetAsync(entry.Url(world));
            var answer = PageAnswer(response);
            if (answer != entry.Expected[(int)actor])
            {
                failures.Add($"{actor}: {answer} ({response.Headers.Location}), expected {entry.Expected[(int)actor]}");
            }
        }

        Assert.True(failures.Count == 0, route + "\n" + string.Join("\n", failures));
    }

    /// <summary>What a page answered a browser: a redirect to sign in, to "not allowed", elsewhere, or a status code.</summary>
    private static string PageAnswer(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return (int)response.StatusCode switch
        {
            302 when location.Contains("/account/login", StringComparison.Ordinal) => Login,
            302 when location.Contains("/account/accessdenied", StringComparison.Ordinal) => Denied,
            302 => Elsewhere,
            var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A page's route as the rows spell it: no constraints, no trailing "Index".</summary>
    private static string PageRoute(RouteEndpoint endpoint)
    {
        var pattern = Constraint().Replace(endpoint.RoutePattern.RawText ?? "", "}").Trim('/');
        return pattern.EndsWith("/Index", StringComparison.Ordinal) ? pattern[..^6] : pattern == "Index" ? "" : pattern;
    }

    /// <summary>The matrix covers the application as it is: every API route and page has a row.</summary>
    [Fact]
    public void EveryEndpointOfTheAppHasARow()
    {
        var sources = world.Factory.Services.GetRequiredService<EndpointDataSource>();
        var missing = new List<string>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = Constraint().Replace(endpoint.RoutePattern.RawText ?? "", "}").Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            {
                var page = PageRoute(endpoint);
                if (!Pages.Any(p => p.Route == page))
                {
                    missing.Add("page " + page);
                }
            }
            else if (pattern.StartsWith("api/", StringComparison.Ordinal) || pattern.StartsWith("feeds/", StringComparison.Ordinal) || pattern.StartsWith("healthz", StringComparison.Ordinal) || pattern.StartsWith("openapi", StringComparison.Ordinal) || pattern.StartsWith("scalar", StringComparison.Ordinal))
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                missing.AddRange(methods.Where(m => !Api.Any(r => r.Method == m && r.Route == "/" + pattern)).Select(m => $"{m} /{pattern}"));
            }
        }

        Assert.True(missing.Count == 0, "Endpoints without a row in the authorization matrix:\n" + string.Join("\n", missing.Distinct()));
    }

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();
}
