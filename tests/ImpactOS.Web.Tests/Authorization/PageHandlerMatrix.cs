using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Authorization;

/// <summary>Every page handler (each <c>OnPost…</c> and named <c>OnGet…</c>; a page's plain GET is a
/// row of <see cref="Pages"/>) × the seven actors, posted as a browser would, with the antiforgery
/// token, and the answer written out. Whatever a handler answers other than its redirect onward
/// (post-redirect-get after a change), the database must be exactly as it was.</summary>
public sealed partial class AuthorizationMatrixTests
{
    /// <summary>One handler of one page. <see cref="Route"/> is spelled as in <see cref="Pages"/>;
    /// <see cref="Handler"/> is the handler's name ("" for the unnamed one). A row whose request
    /// changes who the client is (signing in or out) gets a client of its own per actor. A row that
    /// <see cref="EndsSession"/> succeeds by sending a signed-in actor to sign in again: that answer
    /// is its redirect onward, and the session it ended is a change it may make.</summary>
    public sealed record HandlerRow(string Route, string Verb, string Handler, Func<MatrixFixture, string, Task<HttpRequestMessage>> Request, string[] Expected, bool OwnClient = false, bool EndsSession = false)
    {
        public override string ToString() => Handler.Length == 0 ? $"{Verb} {Route}" : $"{Verb} {Route}?handler={Handler}";
    }

    private static string[] PostStaff => [Login, Denied, Denied, Elsewhere, Elsewhere, Elsewhere, Denied];
    private static string[] PostStaffOnCompany => [Login, Denied, Denied, Elsewhere, Elsewhere, Missing, Denied];
    private static string[] PostAdmin => [Login, Denied, Denied, Denied, Elsewhere, Elsewhere, Denied];
    private static string[] PostCustomTrackEditor => [Login, Denied, Denied, Denied, Elsewhere, Missing, Missing];
    private static string[] PostAdminOnCompany => [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied];
    private static string[] GetStaff => [Login, Denied, Denied, Ok, Ok, Ok, Denied];

    private static readonly string SaaS = SystemStandards.SaaS.ToString();
    private static readonly string SaaSStep = MatrixFixture.SaaSStep.ToString();

    private const string ImportCsv = "company,milestone,achieved_at\nImported Co,Business model hypothesis,2024-01-01\n";

    public static readonly HandlerRow[] Handlers =
    [
        new("Account/Login", "POST", "", Form(_ => "/Account/Login", w => Fields(("Email", w.Tenant.CoachEmail), ("Password", AppFactory.Password))), [Elsewhere, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Elsewhere], OwnClient: true),
        new("Account/Logout", "POST", "", Form(_ => "/Account/Logout"), [Login, Login, Login, Login, Login, Login, Login], OwnClient: true, EndsSession: true),
        // A link that is not a real one: the page answers with its error, for anyone, and changes nothing.
        new("Account/ResetPassword", "POST", "", Form(w => $"/Account/ResetPassword?tenant={w.Tenant.Id}&user={w.Target}&token=not-a-token", _ => Fields(("NewPassword", "a-long-enough-password"), ("ConfirmPassword", "a-long-enough-password"))), [Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Two passwords that differ: the form comes back before anything is checked or changed.
        new("Settings/Account", "POST", "Password", Form(_ => "/Settings/Account?handler=Password", _ => Fields(("CurrentPassword", AppFactory.Password), ("NewPassword", "a-long-enough-password"), ("ConfirmPassword", "another-long-password"))), [Login, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("Settings/Account", "POST", "SignOutEverywhere", Form(_ => "/Settings/Account?handler=SignOutEverywhere"), [Login, Login, Login, Login, Login, Login, Login], OwnClient: true, EndsSession: true),
        new("Settings/Account/CalendarFeed", "POST", "Create", Form(_ => "/Settings/Account/CalendarFeed?handler=Create"), [Login, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Denied]),
        new("Settings/Account/CalendarFeed", "POST", "Revoke", Form(_ => "/Settings/Account/CalendarFeed?handler=Revoke"), [Login, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Elsewhere, Denied]),
        new("Settings/Users", "POST", "Deactivate", Form(_ => "/Settings/Users?handler=Deactivate", w => Fields(("userId", w.Target.ToString()))), [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied]),
        new("Settings/Users", "POST", "Reactivate", Form(_ => "/Settings/Users?handler=Reactivate", w => Fields(("userId", w.Target.ToString()))), [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied]),
        new("Settings/Users/{id}", "POST", "Save", Form(w => $"/Settings/Users/{w.Target}?handler=Save", _ => Fields(("DisplayName", "Matrix Target"), ("Role", "coach"))), [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied]),
        new("Settings/Users/{id}", "POST", "Deactivate", Form(w => $"/Settings/Users/{w.Target}?handler=Deactivate"), [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied]),
        new("Settings/Users/{id}", "POST", "Reactivate", Form(w => $"/Settings/Users/{w.Target}?handler=Reactivate"), [Login, Denied, Denied, Denied, Elsewhere, Missing, Denied]),
        new("Settings/Users/{id}", "POST", "ResetLink", Form(w => $"/Settings/Users/{w.Target}?handler=ResetLink"), [Login, Denied, Denied, Denied, Ok, Missing, Denied]),
        new("Error", "POST", "", Form(_ => "/Error"), [Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        new("", "GET", "Csv", Query(_ => "/?handler=Csv"), [Login, Missing, Missing, Ok, Ok, Ok, Missing]),
        new("Companies/New", "POST", "", Form(_ => "/Companies/New", w => Fields(("Input.Name", "Company " + w.Unique()), ("Input.MilestoneTrackId", SaaS))), PostStaff),
        new("Companies/{id}/Edit", "POST", "", Form(w => $"/Companies/{w.CompanyA}/Edit", _ => Fields(("Input.Name", "Company A"), ("Input.FoundedOn", "2024-01-15"), ("Input.MilestoneTrackId", SaaS))), PostStaffOnCompany),
        new("Companies/{id}/Edit", "POST", "Outcome", Form(w => $"/Companies/{w.CompanyA}/Edit?handler=Outcome", _ => Fields(("Outcome.Code", "active"))), PostStaffOnCompany),
        new("Companies/{id}", "POST", "Archive", FormAt(async w => $"/Companies/{await w.FreshCompanyAsync()}?handler=Archive"), PostAdminOnCompany),
        new("Companies/{id}", "POST", "Restore", FormAt(async w => $"/Companies/{await w.ArchivedCompanyAsync()}?handler=Restore"), PostAdminOnCompany),
        new("Companies/{id}/Milestones", "POST", "Mark", Form(w => $"/Companies/{w.CompanyA}/Milestones?handler=Mark", _ => Fields(("MilestoneId", SaaSStep), ("AchievedOn", "2024-02-01"))), PostStaffOnCompany),
        new("Companies/{id}/Milestones", "POST", "Undo", Form(w => $"/Companies/{w.CompanyA}/Milestones?handler=Undo", async w =>
        {
            using var admin = await w.Tenant.AdminAsync();
            (await admin.PutAsJsonAsync($"/api/v1/companies/{w.CompanyA}/milestones/{SaaSStep}", new { achievedAt = "2024-02-01T00:00:00Z" })).EnsureSuccessStatusCode();
            return Fields(("MilestoneId", SaaSStep));
        }), PostStaffOnCompany),
        new("Companies/{id}/Milestones", "POST", "Claim", Form(w => $"/Companies/{w.CompanyA}/Milestones?handler=Claim", w => Fields(("MilestoneId", w.Acting == Actor.FounderOfThisCompany ? w.UnclaimedStep().ToString() : SaaSStep), ("AchievedOn", "2024-02-01"))), [Login, Elsewhere, Missing, Denied, Denied, Denied, Denied]),
        new("Claims", "POST", "Approve", Form(_ => "/Claims?handler=Approve", async w => Fields(("ClaimId", (await w.ClaimToDecideAsync(approving: true)).ToString()))), PostStaffOnCompany),
        new("Claims", "POST", "Decline", Form(_ => "/Claims?handler=Decline", async w => Fields(("ClaimId", (await w.ClaimToDecideAsync(approving: false)).ToString()), ("Reason", "Not yet."))), PostStaffOnCompany),
        new("Companies/{id}/Interactions/New", "POST", "", Form(w => $"/Companies/{w.CompanyA}/Interactions/New", _ => Fields(("Input.Kind", "call"), ("Input.OccurredOn", "2025-06-01"), ("Input.Subject", "Check-in"))), PostStaffOnCompany),
        new("Companies/{id}/Updates/New", "POST", "", Form(w => $"/Companies/{w.CompanyA}/Updates/New", _ => Fields(("Input.Period", "2025-Q2"), ("Input.Summary", "Steady"))), [Login, Elsewhere, Missing, Elsewhere, Elsewhere, Missing, Denied]),
        new("Imports", "POST", "Preview", Upload(_ => "/Imports?handler=Preview", "file", "import.csv", ImportCsv), [Login, Denied, Denied, Ok, Ok, Ok, Denied]),
        new("Imports", "POST", "Confirm", Form(_ => "/Imports?handler=Confirm", async w => Fields(("Token", await w.PendingImportAsync(ImportCsv)), ("FileName", "import.csv"))), [Login, Denied, Denied, Elsewhere, Elsewhere, Ok, Denied]),
        new("Imports/Calendar", "POST", "Preview", Upload(w => $"/Imports/Calendar?handler=Preview&companyId={w.CompanyA}", "file", "meetings.ics", MatrixIcs), [Login, Denied, Denied, Ok, Ok, Missing, Denied]),
        new("Imports/Calendar", "POST", "Confirm", Form(_ => "/Imports/Calendar?handler=Confirm", async w => Fields(("Token", await w.PendingCalendarImportAsync(MatrixIcs)), ("FileName", "meetings.ics"))), [Login, Denied, Denied, Elsewhere, Elsewhere, Ok, Denied]),
        new("Imports", "GET", "Export", Query(_ => "/Imports?handler=Export&what=companies"), GetStaff),
        new("Platform", "POST", "", Form(_ => "/Platform", w => Fields(("Input.Name", "Tenant " + w.Unique()), ("Input.AdminEmail", $"p{w.Unique()}@matrix.test"), ("Input.AdminPassword", "a-long-enough-password"))), [Login, Denied, Denied, Denied, Denied, Denied, Elsewhere]),
        new("Programs", "POST", "", Form(_ => "/Programs", w => Fields(("Input.Name", "Program " + w.Unique()))), PostAdmin),
        new("Programs/{id}/Edit", "POST", "", Form(w => $"/Programs/{w.Program}/Edit", _ => Fields(("Input.Name", "Matrix Cohort"), ("Input.StartsOn", "2025-01-01"))), PostAdminOnCompany),
        new("Programs/{id}", "POST", "Enrol", Form(w => $"/Programs/{w.Program}?handler=Enrol", async w => Fields(("CompanyId", (await w.FreshCompanyAsync()).ToString()), ("EnrolledOn", "2025-02-01"))), PostStaffOnCompany),
        new("Programs/{id}", "POST", "Exit", Form(w => $"/Programs/{w.Program}?handler=Exit", w => Fields(("EnrollmentId", w.Enrollment.ToString()), ("EnrolledOn", "2025-01-01"))), PostStaffOnCompany),
        new("Reports", "GET", "Csv", Query(_ => "/Reports?handler=Csv&report=attribution"), GetStaff),
        new("reports/program-effects", "GET", "Csv", Query(_ => "/reports/program-effects?handler=Csv"), GetStaff),
        new("Settings", "POST", "Features", Form(_ => "/Settings?handler=Features", _ => Fields(("FeatureMilestones", "true"))), PostAdmin),
        new("Settings", "POST", "Network", Form(_ => "/Settings?handler=Network", _ => Fields(("ContributeToNetwork", "false"))), PostAdmin),
        new("Settings", "POST", "AddUser", Form(_ => "/Settings?handler=AddUser", w => Fields(("NewUser.DisplayName", "New"), ("NewUser.Email", $"s{w.Unique()}@matrix.test"), ("NewUser.Password", "a-long-enough-password"), ("NewUser.Role", "coach"))), PostAdmin),
        new("Tracks", "POST", "Create", Form(_ => "/Tracks?handler=Create", w => Fields(("Input.Title", "Track " + w.Unique()))), [Login, Denied, Denied, Denied, Elsewhere, Elsewhere, Elsewhere]),
        new("Tracks", "POST", "Copy", Form(_ => "/Tracks?handler=Copy", _ => Fields(("TrackId", SaaS))), PostAdmin),
        new("Tracks/{id}", "POST", "Add", Form(w => $"/Tracks/{w.CustomTrack}?handler=Add", w => Fields(("Title", "Step " + w.Unique()))), PostCustomTrackEditor),
        new("Tracks/{id}", "POST", "Rename", Form(w => $"/Tracks/{w.CustomTrack}?handler=Rename", w => Fields(("MilestoneId", w.CustomMilestone.ToString()), ("Title", "Business model hypothesis"))), PostCustomTrackEditor),
        new("Tracks/{id}", "POST", "Move", Form(w => $"/Tracks/{w.CustomTrack}?handler=Move", w => Fields(("MilestoneId", w.CustomMilestone.ToString()), ("By", "1"))), PostCustomTrackEditor),
        new("Tracks/{id}", "POST", "Archive", Form(w => $"/Tracks/{w.CustomTrack}?handler=Archive", async w => Fields(("MilestoneId", (await w.DoomedMilestoneAsync()).ToString()))), PostCustomTrackEditor),
        new("Tracks/{id}", "POST", "Restore", Form(w => $"/Tracks/{w.CustomTrack}?handler=Restore", async w => Fields(("MilestoneId", (await w.ArchivedMilestoneAsync()).ToString()))), PostCustomTrackEditor),
        new("Tracks/{id}", "POST", "RenameTrack", Form(w => $"/Tracks/{w.CustomTrack}?handler=RenameTrack", _ => Fields(("Title", "Matrix Track"))), PostCustomTrackEditor),
        new("Tracks/{id}/Velocity", "GET", "Csv", Query(_ => $"/Tracks/{SystemStandards.SaaS}/Velocity?handler=Csv"), GetStaff),
    ];

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    /// <summary>A form post with the client's antiforgery token; the fields may need a request of their own first.</summary>
    private static Func<MatrixFixture, string, Task<HttpRequestMessage>> Form(Func<MatrixFixture, string> url, Func<MatrixFixture, Task<Dictionary<string, string>>> fields) =>
        async (w, token) =>
        {
            var form = await fields(w);
            form["__RequestVerificationToken"] = token;
            return new HttpRequestMessage(HttpMethod.Post, url(w)) { Content = new FormUrlEncodedContent(form) };
        };

    /// <summary>A form post (no fields) to a URL that needs a request of its own first, e.g. a fresh company.</summary>
    private static Func<MatrixFixture, string, Task<HttpRequestMessage>> FormAt(Func<MatrixFixture, Task<string>> url) =>
        async (w, token) => new HttpRequestMessage(HttpMethod.Post, await url(w))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };

    private static Func<MatrixFixture, string, Task<HttpRequestMessage>> Form(Func<MatrixFixture, string> url, Func<MatrixFixture, Dictionary<string, string>>? fields = null) =>
        Form(url, w => Task.FromResult(fields?.Invoke(w) ?? []));

    private static Func<MatrixFixture, string, Task<HttpRequestMessage>> Upload(Func<MatrixFixture, string> url, string field, string fileName, string content) =>
        (w, token) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, url(w))
        {
            Content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), field, fileName },
            },
        });

    private static Func<MatrixFixture, string, Task<HttpRequestMessage>> Query(Func<MatrixFixture, string> url) =>
        (w, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, url(w)));

    public static TheoryData<string> HandlerRows() => [.. Handlers.Select(r => r.ToString())];

    [Theory]
    [MemberData(nameof(HandlerRows))]
    public async Task EachPageHandlerAnswersEachActorAsWrittenDownAndARefusalChangesNothing(string row)
    {
        var entry = Handlers.Single(r => r.ToString() == row);
        var failures = new List<string>();
        foreach (var actor in Actors)
        {
            using var own = entry.OwnClient ? await world.FreshPagesAsync(actor) : null;
            var client = own ?? await world.PagesAsync(actor);
            world.Acting = actor;
            using var request = await entry.Request(world, await world.AntiforgeryTokenAsync(client));
            var before = await world.FingerprintAsync();
            using var response = await client.SendAsync(request);
            var answer = PageAnswer(response);
            if (answer != entry.Expected[(int)actor])
            {
                failures.Add($"{actor}: {answer} ({response.Headers.Location}), expected {entry.Expected[(int)actor]}");
            }

            var wentOnward = answer == Elsewhere || (entry.EndsSession && answer == Login && actor != Actor.Anonymous);
            if (!wentOnward)
            {
                var after = await world.FingerprintAsync();
                var changed = before.Where(t => after[t.Key] != t.Value).Select(t => t.Key).ToList();
                if (changed.Count > 0)
                {
                    failures.Add($"{actor}: answered {answer} yet changed {string.Join(", ", changed)}");
                }
            }
        }

        if (entry.EndsSession)
        {
            world.ForgetSignIns();
        }

        Assert.True(failures.Count == 0, row + "\n" + string.Join("\n", failures));
    }

    /// <summary>The handlers are found by reflection: every page model's public <c>OnGet…</c> and
    /// <c>OnPost…</c> methods, as Razor Pages selects them. A handler without a row, or a row
    /// without a handler, fails.</summary>
    [Fact]
    public async Task EveryPageHandlerOfTheAppHasARow()
    {
        var routes = await PageRoutesByModelAsync();
        var models = typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract).ToList();
        var problems = models.Where(m => !routes.ContainsKey(m)).Select(m => $"page model {m.FullName} serves no page").ToList();
        var handlers = models.Where(routes.ContainsKey).SelectMany(m => HandlerMethods(m).Select(h => (Route: routes[m], h.Verb, h.Handler))).Distinct().ToList();
        Assert.Contains(handlers, h => h == ("Tracks", "POST", "Create"));

        foreach (var (route, verb, handler) in handlers)
        {
            var covered = verb == "GET" && handler.Length == 0
                ? Pages.Any(p => p.Route == route)
                : Handlers.Any(r => r.Route == route && r.Verb == verb && r.Handler == handler);
            if (!covered)
            {
                problems.Add($"{verb} {route} handler '{handler}' has no row");
            }
        }

        problems.AddRange(Handlers.Where(r => !handlers.Contains((r.Route, r.Verb, r.Handler))).Select(r => $"row {r} names no handler of the app"));
        Assert.True(problems.Count == 0, "Page handlers and the authorization matrix disagree:\n" + string.Join("\n", problems));
    }

    /// <summary>Each page model's route, spelled as the rows spell it.</summary>
    private async Task<Dictionary<Type, string>> PageRoutesByModelAsync()
    {
        var loader = world.Factory.Services.GetRequiredService<PageLoader>();
        var routes = new Dictionary<Type, string>();
        foreach (var endpoint in world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                routes[compiled.ModelTypeInfo!.AsType()] = PageRoute(endpoint);
            }
        }

        return routes;
    }

    private static IEnumerable<(string Verb, string Handler)> HandlerMethods(Type model) =>
        model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => HandlerName().Match(m.Name))
            .Where(m => m.Success)
            .Select(m => (m.Groups["verb"].Value.ToUpperInvariant(), m.Groups["handler"].Value));

    [GeneratedRegex("^On(?<verb>Get|Post)(?<handler>[A-Za-z0-9]*?)(Async)?$")]
    private static partial Regex HandlerName();
}
