using System.Globalization;
using System.Text;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>An import that names more existing companies than SQLite takes SQL variables in one
/// statement (32,766) is looked up in batches (issue 14, finding 6).</summary>
public sealed class LargeImportTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const int Existing = 33_000;

    [Fact]
    public async Task AnImportNamingThirtyThreeThousandExistingCompaniesSucceedsAndARepeatChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            // One bulk insert, not 33,000 requests.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Companies.AddRange(Enumerable.Range(1, Existing).Select(i => new Company
            {
                Name = Name(i),
                MilestoneTrackId = SystemStandards.SaaS,
                CreatedAt = db.UtcNow,
                TrackStartedAt = db.UtcNow,
            }));
            await db.SaveChangesAsync();
        });
        var csv = new StringBuilder("company,milestone,achieved_at\n");
        for (var i = 1; i <= Existing; i++)
        {
            csv.Append(Name(i)).Append(",Business model hypothesis,2022-03-01\n");
        }

        using var coach = await tenant.CoachAsync();
        var imported = await coach.PostAsync("/api/v1/imports/milestones", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(0, imported.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(Existing, imported.GetProperty("achievementsCreated").GetInt32());

        var again = await coach.PostAsync("/api/v1/imports/milestones?dryRun=true", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(Existing, again.GetProperty("unchanged").GetInt32());
    }

    private static string Name(int i) => "Big Co " + i.ToString("D5", CultureInfo.InvariantCulture);
}
