using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Reports;

/// <summary>The portfolio of Core.Tests/Fixtures/attribution/reference.R, stored through the app,
/// so the API must reproduce R's numbers (15 achievements, 8 during, lift 1.5011…).</summary>
public static class ReportScenarios
{
    public const string Period = "from=2024-01-01T00:00:00Z&asOf=2025-01-01T00:00:00Z";

    public static async Task<TestTenant> RScenarioAsync(AppFactory factory)
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.FoundedOn = new DateOnly(2025, 6, 1); // outside the period: no exposure, no events
            var p1 = new SupportProgram { Name = "P1", CreatedAt = db.UtcNow };
            var p2 = new SupportProgram { Name = "P2", CreatedAt = db.UtcNow };
            var p3 = new SupportProgram { Name = "P3", CreatedAt = db.UtcNow };
            db.Programs.AddRange(p1, p2, p3);

            var step = 0;
            void Company(string name, string founded, string? archived, (SupportProgram P, string From, string? To)[] windows, params string[] achieved)
            {
                var company = new Company
                {
                    Name = name,
                    MilestoneTrackId = SystemStandards.SaaS,
                    FoundedOn = DateOnly.Parse(founded, System.Globalization.CultureInfo.InvariantCulture),
                    ArchivedAt = archived is null ? null : Day(archived),
                    CreatedAt = db.UtcNow,
                    TrackStartedAt = db.UtcNow,
                };
                db.Companies.Add(company);
                foreach (var (program, from, to) in windows)
                {
                    db.ProgramEnrollments.Add(new ProgramEnrollment
                    {
                        ProgramId = program.Id,
                        CompanyId = company.Id,
                        EnrolledOn = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
                        ExitedOn = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
                        CreatedAt = db.UtcNow,
                    });
                }

                step = 0;
                foreach (var at in achieved)
                {
                    db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = SystemStandards.MilestoneId(SystemStandards.SaaS, ++step), Status = MilestoneStatus.Achieved, AchievedAt = Day(at), LoggedAt = db.UtcNow });
                }
            }

            Company("A", "2024-01-01", null, [(p1, "2024-03-01", "2024-06-01"), (p2, "2024-05-01", null)], "2024-02-10", "2024-03-01", "2024-05-15", "2024-06-01", "2024-09-09");
            Company("B", "2024-02-15", "2024-11-01", [(p1, "2024-01-01", "2024-04-01")], "2024-03-20", "2024-07-07", "2024-12-01");
            Company("C", "2023-10-01", null, [], "2023-12-01", "2024-04-04", "2024-08-08", "2024-10-10");
            Company("D", "2024-04-01", null, [(p3, "2024-04-01", "2024-10-01"), (p1, "2024-10-01", "2024-12-01")], "2024-04-01", "2024-05-05", "2024-10-01", "2024-12-01");
            await db.SaveChangesAsync();
        });
        return tenant;
    }

    private static DateTime Day(string day) => DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
