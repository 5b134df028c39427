using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Demo;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Demo;

/// <summary>The app as a newcomer starts it: the demo seeded into an empty database, every demo
/// account with the test password.</summary>
public sealed class DemoFactory : AppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ImpactOS:SeedDemo"] = "true",
        ["ImpactOS:DemoPassword"] = Password,
    };
}

/// <summary>The demo shows the product: every track it uses has enough history for a velocity
/// status on every step, the portfolio has every status, programs visibly help, and every demo
/// login works and tells its own story.</summary>
public sealed class DemoDataTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private const string NorthstarAdmin = "admin@northstar.demo";

    [Fact]
    public async Task EveryTrackOfTheDemoPortfolioHasAtLeastFiveEventsOnEveryStep()
    {
        using var admin = await factory.ClientForAsync(NorthstarAdmin);
        var portfolio = await admin.GetAsync("/api/v1/portfolio?limit=200").Json200();
        var tracks = portfolio.GetProperty("byTrack").EnumerateArray().Select(t => (Id: t.GetProperty("trackId").GetGuid(), Title: t.GetProperty("trackTitle").GetString())).ToList();

        Assert.Equal(["Hardware Standard", "MedTech Standard", "Northstar Climate Hardware", "SaaS Standard"], tracks.Select(t => t.Title).Order(StringComparer.Ordinal));
        foreach (var track in tracks)
        {
            var velocity = await admin.GetAsync($"/api/v1/tracks/{track.Id}/velocity").Json200();
            var steps = velocity.GetProperty("steps").EnumerateArray().ToList();
            Assert.True(steps.Count >= 11, $"{track.Title} has {steps.Count} steps");
            var thin = steps.Where(s => s.GetProperty("events").GetInt32() < 5).Select(s => $"{s.GetProperty("title").GetString()} ({s.GetProperty("events").GetInt32()})").ToList();
            Assert.True(thin.Count == 0, $"{track.Title}: steps with fewer than 5 events: {string.Join(", ", thin)}");
        }
    }

    [Fact]
    public async Task TheDemoPortfolioShowsEveryVelocityStatusAndAtMostThreeCompaniesWithoutEnoughData()
    {
        using var admin = await factory.ClientForAsync(NorthstarAdmin);
        var portfolio = await admin.GetAsync("/api/v1/portfolio?limit=200").Json200();
        var byStatus = portfolio.GetProperty("byStatus");

        foreach (var status in new[] { "on_pace", "at_risk", "behind", "complete" })
        {
            Assert.True(byStatus.GetProperty(status).GetInt32() > 0, $"No company is {status}: {byStatus}");
        }

        Assert.True(byStatus.GetProperty("not_enough_data").GetInt32() <= 3, $"Too many companies without enough data: {byStatus}");
        var statuses = portfolio.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(portfolio.GetProperty("total").GetInt32(), statuses.Count);
        Assert.Equal(byStatus.GetProperty("complete").GetInt32(), portfolio.GetProperty("items").EnumerateArray()
            .Count(r => r.GetProperty("status").GetString() == "complete" && r.GetProperty("achieved").GetInt32() == r.GetProperty("steps").GetInt32()));
    }

    [Fact]
    public async Task DemoCompaniesReachMilestonesFasterInsidePrograms()
    {
        using var admin = await factory.ClientForAsync(NorthstarAdmin);
        var lift = await admin.GetAsync("/api/v1/reports/program-lift").Json200();
        var attribution = await admin.GetAsync("/api/v1/reports/attribution").Json200();

        Assert.True(lift.GetProperty("lift").GetDouble() > 1.2, $"Program lift {lift.GetProperty("lift")}");
        Assert.True(attribution.GetProperty("duringEnrollment").GetInt32() >= 20, $"Achievements during enrolment: {attribution.GetProperty("duringEnrollment")}");
        var programs = attribution.GetProperty("byProgram").EnumerateArray().ToList();
        Assert.True(programs.Count >= 5, $"{programs.Count} programs");
        Assert.All(programs, p => Assert.True(p.GetProperty("companiesEnrolled").GetInt32() > 0, $"{p.GetProperty("name")} has nobody enrolled"));
    }

    [Fact]
    public async Task EveryDemoAchievementIsVerifiedByTheCompanysCoachAndKeptInTheHistory()
    {
        var tenantId = await factory.InScopeAsync(null, (_, db) => db.Tenants.Where(t => t.Name == DemoSeeder.Northstar).Select(t => t.Id).SingleAsync());
        var (achievements, unverified, events) = await factory.InScopeAsync(tenantId, async (_, db) =>
        {
            var rows = await db.CompanyMilestones
                .Select(m => new { m.Id, m.VerifiedByUserId, Coach = db.Companies.Where(c => c.Id == m.CompanyId).Select(c => c.CoachUserId).Single() })
                .ToListAsync();
            var coaches = await db.Users.Where(u => u.Role == Roles.Coach).Select(u => u.Id).ToListAsync();
            var withEvent = await db.MilestoneEvents.Select(e => e.CompanyMilestoneId).Distinct().CountAsync();
            return (rows.Count, rows.Count(r => r.VerifiedByUserId != r.Coach || !coaches.Contains(r.VerifiedByUserId!.Value)), withEvent);
        });

        Assert.True(achievements > 300, $"{achievements} achievements");
        Assert.Equal(0, unverified);
        Assert.Equal(achievements, events);
    }

    [Fact]
    public async Task EveryDemoLoginSignsInAndSeesItsOwnStory()
    {
        using var anonymous = factory.AnonymousClient();
        foreach (var (email, _) in DemoSeeder.Accounts)
        {
            await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AppFactory.Password }).ShouldBe(HttpStatusCode.OK);
        }

        using var founder = await factory.ClientForAsync("founder@northstar.demo");
        var own = await founder.GetAsync("/api/v1/companies").Json200();
        Assert.Equal(["Lumen Analytics"], own.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        using var harbor = await factory.ClientForAsync("admin@harbor.demo");
        await harbor.GetAsync("/api/v1/portfolio").ShouldBeProblem(HttpStatusCode.NotFound);
        var companies = await harbor.GetAsync("/api/v1/companies").Json200();
        Assert.Equal(4, companies.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void TheReadmeListsTheDemoLoginsTheConsolePrints()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var first = Array.FindIndex(readme, l => l.TrimStart().StartsWith("Demo logins (password:", StringComparison.Ordinal));
        Assert.True(first >= 0, "README.md shows no demo logins");
        var listed = readme.Skip(first + 1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToList();

        Assert.Equal(DemoSeeder.Accounts.Select(DemoBanner.Line), listed);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ImpactOS.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No ImpactOS.slnx above " + AppContext.BaseDirectory);
    }
}
