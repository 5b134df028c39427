using System.Security.Cryptography;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Demo;

public sealed record DemoBanner(string Password, IReadOnlyList<(string Email, string What)> Logins);

/// <summary>Two organizations and a platform operator, so a newcomer can try every role at once.
/// Runs only on an empty database.</summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string OperatorEmail = "operator@impactos.demo";
    public const string Northstar = "Northstar Accelerator";
    public const string Harbor = "Harbor Impact Fund";

    public static readonly IReadOnlyList<(string Email, string What)> Accounts =
    [
        ("admin@northstar.demo", "Northstar Accelerator admin (milestones on)"),
        ("coach@northstar.demo", "Northstar Accelerator coach"),
        ("coach2@northstar.demo", "Northstar Accelerator coach"),
        ("founder@northstar.demo", "founder of Lumen Analytics (Northstar)"),
        ("admin@harbor.demo", "Harbor Impact Fund admin (milestones off)"),
        ("coach@harbor.demo", "Harbor Impact Fund coach"),
        (OperatorEmail, "platform operator"),
    ];

    public async Task<DemoBanner> SeedIfEmptyAsync(ImpactOsOptions options, CancellationToken cancellationToken = default)
    {
        var passwordFile = Path.Combine(options.FullDataDir, "demo-password.txt");
        if (await SeededAsync(cancellationToken))
        {
            var known = options.DemoPassword ?? (File.Exists(passwordFile) ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim() : "(the one set when the demo data was created)");
            return new DemoBanner(known, Accounts);
        }

        var password = options.DemoPassword;
        if (string.IsNullOrWhiteSpace(password))
        {
            password = "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            Directory.CreateDirectory(options.FullDataDir);
            await File.WriteAllTextAsync(passwordFile, password + Environment.NewLine, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        logger.LogInformation("Seeding demo data");
        await InScopeAsync(null, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var op = new AppUser { UserName = OperatorEmail, Email = OperatorEmail, DisplayName = "Platform Operator", Role = Roles.Operator };
            Check(await users.CreateAsync(op, password));
        });

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await SeedTenantAsync(Northstar, "admin@northstar.demo", "Amara Okafor", password, featureOn: true, cancellationToken, async (sp, tenantId) =>
        {
            var sarah = await AddUserAsync(sp, "coach@northstar.demo", "Sarah Lindqvist", Roles.Coach, null, password, cancellationToken);
            var marcus = await AddUserAsync(sp, "coach2@northstar.demo", "Marcus Webb", Roles.Coach, null, password, cancellationToken);
            var climate = await AddClimateTrackAsync(sp, cancellationToken);
            var portfolio = NorthstarPortfolio.Select(c => c.Track == ClimateHardware ? c with { Track = climate } : c);
            var companies = await AddCompaniesAsync(sp, portfolio, [sarah, marcus], cancellationToken);
            await AddUserAsync(sp, "founder@northstar.demo", "Diego Ramos", Roles.Founder, companies["Lumen Analytics"], password, cancellationToken);
            await new DemoStory(sp, tenantId, now, seed: 7).TellAsync(
            [
                new("Fall Cohort", "Twelve-week accelerator: customer discovery to first revenue.", today.AddMonths(-14), today.AddMonths(-11), 0.5),
                new("Spring Cohort", "Twelve-week accelerator: traction and fundraising readiness.", today.AddMonths(-8), today.AddMonths(-5), 0.45),
                new("Scale Lab", "Ongoing program for companies past product–market fit.", today.AddMonths(-4), null, 0.3),
            ], cancellationToken);
        });

        await SeedTenantAsync(Harbor, "admin@harbor.demo", "Priya Natarajan", password, featureOn: false, cancellationToken, async (sp, tenantId) =>
        {
            var tomas = await AddUserAsync(sp, "coach@harbor.demo", "Tomás Silva", Roles.Coach, null, password, cancellationToken);
            await AddCompaniesAsync(sp, HarborPortfolio, [tomas], cancellationToken);
            await new DemoStory(sp, tenantId, now, seed: 11).TellAsync(
                [new("Impact Fellowship", "Six-month fellowship for climate and health ventures.", today.AddMonths(-10), today.AddMonths(-4), 0.6)], cancellationToken);
        });

        return new DemoBanner(password, Accounts);
    }

    private async Task SeedTenantAsync(string name, string adminEmail, string adminName, string password, bool featureOn, CancellationToken cancellationToken, Func<IServiceProvider, Guid, Task> fill)
    {
        Guid tenantId = default;
        Guid adminId = default;
        await InScopeAsync(null, async sp =>
        {
            var created = await sp.GetRequiredService<TenantProvisioning>().CreateAsync(new CreateTenantRequest(name, adminEmail, password, adminName), cancellationToken);
            if (!created.IsOk)
            {
                throw new InvalidOperationException($"Demo tenant {name}: {created.Message ?? string.Join("; ", created.Errors!.SelectMany(e => e.Value))}");
            }

            tenantId = created.Value!.Id;
            adminId = created.Value.AdminUserId;
        });

        await InScopeAsync(tenantId, async sp =>
        {
            sp.GetRequiredService<CurrentUser>().ActAsTenant(tenantId, adminId);
            if (featureOn)
            {
                await sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(true), cancellationToken);
            }

            await fill(sp, tenantId);
        });
    }

    /// <summary>Whether any organization or operator exists: asked as the operator, who sees both
    /// (nobody sees any account).</summary>
    private async Task<bool> SeededAsync(CancellationToken cancellationToken)
    {
        var seeded = false;
        await InScopeAsync(null, async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            seeded = await context.Tenants.AnyAsync(cancellationToken) || await context.Users.AnyAsync(cancellationToken);
        });
        return seeded;
    }

    private async Task InScopeAsync(Guid? tenantId, Func<IServiceProvider, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        if (tenantId is { } id)
        {
            user.ActAsTenant(id);
        }
        else
        {
            user.ActAsOperator();
        }

        await work(scope.ServiceProvider);
    }

    private static async Task<Guid> AddUserAsync(IServiceProvider sp, string email, string name, string role, Guid? companyId, string password, CancellationToken cancellationToken)
    {
        var created = await sp.GetRequiredService<UserAdministration>().CreateAsync(new CreateUserRequest(email, password, name, role, companyId), cancellationToken);
        if (!created.IsOk)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", created.Errors?.SelectMany(e => e.Value) ?? [])}");
        }

        return created.Value!.Id;
    }

    /// <summary>Creates the companies, sharing them out between the coaches in turn.</summary>
    private static async Task<Dictionary<string, Guid>> AddCompaniesAsync(IServiceProvider sp, IEnumerable<DemoCompany> portfolio, IReadOnlyList<Guid> coaches, CancellationToken cancellationToken)
    {
        var directory = sp.GetRequiredService<CompanyDirectory>();
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (company, i) in portfolio.Select((c, i) => (c, i)))
        {
            var created = await directory.CreateAsync(new CompanyInput(company.Name, company.Industry, company.FoundedOn, company.Track, CoachUserId: coaches[i % coaches.Count]), cancellationToken);
            if (!created.IsOk)
            {
                throw new InvalidOperationException($"Demo company {company.Name}: {string.Join("; ", created.Errors?.SelectMany(e => e.Value) ?? [])}");
            }

            ids[company.Name] = created.Value!.Id;
        }

        return ids;
    }

    /// <summary>Stands for Northstar's own track in the portfolio list until it exists.</summary>
    private static readonly Guid ClimateHardware = Guid.Parse("c11a7e00-0000-4000-8000-000000000001");

    /// <summary>Northstar's Custom Track: Hardware Standard, copied and adapted for climate hardware.</summary>
    private static async Task<Guid> AddClimateTrackAsync(IServiceProvider sp, CancellationToken cancellationToken)
    {
        var catalog = sp.GetRequiredService<TrackCatalog>();
        var copy = (await catalog.CopyAsync(SystemStandards.Hardware, new CopyTrackInput("Northstar Climate Hardware"), cancellationToken)).Value!;
        await catalog.UpdateAsync(copy.Id, new TrackInput(copy.Title, "Hardware Standard adapted for climate hardware: emissions impact is verified before volume production."), cancellationToken);
        await catalog.AddMilestoneAsync(copy.Id, new MilestoneInput("Emissions impact verified", "A third party verified the lifecycle emissions reduction claimed for the product.", 8), cancellationToken);
        var certifications = copy.Milestones.First(m => m.Title == "Certifications passed");
        await catalog.UpdateMilestoneAsync(copy.Id, certifications.Id, new MilestoneInput("Safety and grid certifications passed", "UL / CE and grid interconnection certifications as the product requires."), cancellationToken);
        return copy.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed record DemoCompany(string Name, string Industry, DateOnly FoundedOn, Guid Track);

    private static readonly DemoCompany[] NorthstarPortfolio =
    [
        new("Lumen Analytics", "B2B analytics", new(2024, 3, 4), SystemStandards.SaaS),
        new("Brightpath Learning", "EdTech", new(2023, 9, 18), SystemStandards.SaaS),
        new("Cobalt Payroll", "HR tech", new(2024, 1, 8), SystemStandards.SaaS),
        new("Fernway Logistics", "Supply chain", new(2023, 6, 12), SystemStandards.SaaS),
        new("Quill Legal", "Legal tech", new(2024, 6, 3), SystemStandards.SaaS),
        new("Tandem Scheduling", "Health IT", new(2023, 11, 20), SystemStandards.SaaS),
        new("Orbital CRM", "Sales software", new(2022, 10, 3), SystemStandards.SaaS),
        new("Meadow Retail Insights", "Retail analytics", new(2024, 8, 26), SystemStandards.SaaS),
        new("Harvest Ledger", "Agri-fintech", new(2023, 4, 10), SystemStandards.SaaS),
        new("Kitewire Security", "Cybersecurity", new(2022, 12, 5), SystemStandards.SaaS),
        new("Parcelpath", "Logistics software", new(2024, 2, 19), SystemStandards.SaaS),
        new("Sprout Care", "Elder care platform", new(2023, 8, 14), SystemStandards.SaaS),
        new("Tidewater Climate Data", "Climate analytics", new(2024, 5, 6), SystemStandards.SaaS),
        new("Voltaic Robotics", "Warehouse robotics", new(2023, 2, 6), SystemStandards.Hardware),
        new("Hearth Thermal", "Home energy", new(2023, 7, 17), ClimateHardware),
        new("Aerolite Drones", "Agricultural drones", new(2022, 11, 14), SystemStandards.Hardware),
        new("TerraSense", "Soil sensing", new(2024, 4, 22), SystemStandards.Hardware),
        new("Gridlet Storage", "Home batteries", new(2023, 5, 15), ClimateHardware),
        new("CardioPatch", "Wearable cardiac monitoring", new(2022, 5, 9), SystemStandards.MedTech),
        new("Lumina Diagnostics", "Point-of-care diagnostics", new(2023, 3, 27), SystemStandards.MedTech),
        new("OrthoFlex", "Orthopedic implants", new(2022, 9, 12), SystemStandards.MedTech),
        new("NeoBreath", "Neonatal respiratory care", new(2024, 2, 12), SystemStandards.MedTech),
    ];

    private static readonly DemoCompany[] HarborPortfolio =
    [
        new("SolarCircle Microgrids", "Clean energy", new(2023, 4, 3), SystemStandards.Hardware),
        new("AquaPure Filters", "Water", new(2022, 8, 15), SystemStandards.Hardware),
        new("FarmLink Cooperative", "AgTech", new(2023, 10, 9), SystemStandards.SaaS),
        new("ClinicConnect", "Rural health", new(2024, 1, 29), SystemStandards.MedTech),
    ];
}
