using System.Diagnostics;
using System.Security.Cryptography;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Demo;

public sealed record DemoBanner(string Password, IReadOnlyList<(string Email, string What)> Logins)
{
    /// <summary>One login as the console prints it (and the README shows it).</summary>
    public static string Line((string Email, string What) login) => $"    {login.Email,-28} {login.What}";
}

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
        var stopwatch = Stopwatch.StartNew();
        await InScopeAsync(null, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var op = new AppUser { UserName = OperatorEmail, Email = OperatorEmail, DisplayName = "Platform Operator", Role = Roles.Operator };
            Check(await users.CreateAsync(op, password));
        });

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await SeedTenantAsync(Northstar, "admin@northstar.demo", "Amara Okafor", password, featureOn: true, cancellationToken, async sp =>
        {
            var sarah = await AddUserAsync(sp, "coach@northstar.demo", "Sarah Lindqvist", Roles.Coach, null, password, cancellationToken);
            var marcus = await AddUserAsync(sp, "coach2@northstar.demo", "Marcus Webb", Roles.Coach, null, password, cancellationToken);
            var climate = await AddClimateTrackAsync(sp, cancellationToken);
            var story = new DemoStory(sp, now, seed: 7);
            var companies = await story.AddCompaniesAsync(NorthstarPortfolio(climate), NorthstarPrograms(today), [sarah, marcus], cancellationToken);
            var lumen = companies["Lumen Analytics"];
            var diego = await AddUserAsync(sp, "founder@northstar.demo", "Diego Ramos", Roles.Founder, lumen, password, cancellationToken);
            // So a calendar export with people at lumen.io finds Lumen (the calendar import).
            var db = sp.GetRequiredService<AppDbContext>();
            db.CompanyDomains.Add(new Companies.CompanyDomain { CompanyId = lumen, Domain = "lumen.io" });
            await db.SaveChangesAsync(cancellationToken);
            await story.AddHistoryAsync(new Dictionary<Guid, Guid> { [lumen] = diego }, cancellationToken);
            await CloseSomeAsync(sp, lumen, now, cancellationToken);
            await sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(null, ContributeToNetwork: true), cancellationToken);
            await AddOpenClaimAsync(sp, lumen, diego, now, cancellationToken);
        });

        await SeedTenantAsync(Harbor, "admin@harbor.demo", "Priya Natarajan", password, featureOn: false, cancellationToken, async sp =>
        {
            var tomas = await AddUserAsync(sp, "coach@harbor.demo", "Tomás Silva", Roles.Coach, null, password, cancellationToken);
            var story = new DemoStory(sp, now, seed: 11);
            await story.AddCompaniesAsync(HarborPortfolio, HarborPrograms(today), [tomas], cancellationToken);
            await story.AddHistoryAsync(new Dictionary<Guid, Guid>(), cancellationToken);
        });

        var beforePartners = stopwatch.Elapsed;

        // Small partner organizations that, with Northstar, contribute to the network benchmark, so
        // Northstar's track analytics show the network beside its own figures (Harbor stays out).
        for (var p = 0; p < NetworkPartners.Length; p++)
        {
            var (partner, slug) = NetworkPartners[p];
            var seed = 101 + p;
            await SeedTenantAsync(partner, $"admin@{slug}.demo", "Partner Admin", password, featureOn: true, cancellationToken, async sp =>
            {
                var admin = sp.GetRequiredService<CurrentUser>().RequiredUserId;
                var story = new DemoStory(sp, now, seed);
                await story.AddCompaniesAsync(PartnerPortfolio(partner, seed), [], [admin], cancellationToken);
                await story.AddHistoryAsync(new Dictionary<Guid, Guid>(), cancellationToken);
                await sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(null, ContributeToNetwork: true), cancellationToken);
            });
        }

        logger.LogInformation("Seeded demo data in {Seconds:0.0} s (the network partners {Partners:0.0} s)", stopwatch.Elapsed.TotalSeconds, (stopwatch.Elapsed - beforePartners).TotalSeconds);
        return new DemoBanner(password, Accounts);
    }

    /// <summary>Lumen's founder has claimed the company's next milestone, so a coach or the
    /// director finds one claim in the "to verify" queue.</summary>
    private static async Task AddOpenClaimAsync(IServiceProvider sp, Guid company, Guid founder, DateTime now, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var trackId = await db.Companies.Where(c => c.Id == company).Select(c => c.MilestoneTrackId).FirstAsync(cancellationToken);
        var achieved = db.CompanyMilestones.Where(m => m.CompanyId == company && m.Status == Milestones.MilestoneStatus.Achieved).Select(m => m.MilestoneId);
        var next = await db.MilestoneDefinitions.Where(d => d.TrackId == trackId && !achieved.Contains(d.Id))
            .OrderBy(d => d.OrderIndex).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
        if (next is null)
        {
            return;
        }

        db.MilestoneClaims.Add(new Claims.MilestoneClaim
        {
            CompanyId = company,
            MilestoneId = next.Value,
            Status = Claims.ClaimStatus.Open,
            AchievedOn = DateOnly.FromDateTime(now).AddDays(-2),
            EvidenceNote = "We reached it this week: the numbers are in the board update.",
            ClaimedByUserId = founder,
            ClaimedAt = now.AddHours(-20),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedTenantAsync(string name, string adminEmail, string adminName, string password, bool featureOn, CancellationToken cancellationToken, Func<IServiceProvider, Task> fill)
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

            await fill(sp);
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

    /// <summary>A few companies that stalled long ago shut down or were acquired (two shutdowns to
    /// one acquisition), some months after their latest milestone, so the track analytics' competing
    /// risks have something to show. Deterministic: by name.</summary>
    private static async Task CloseSomeAsync(IServiceProvider sp, Guid keepOpen, DateTime now, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var steps = await db.MilestoneDefinitions.AsNoTracking().GroupBy(m => m.TrackId).Select(g => new { Track = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Track, g => g.Count, cancellationToken);
        var progress = await db.CompanyMilestones.AsNoTracking().Where(m => m.Status == Milestones.MilestoneStatus.Achieved)
            .GroupBy(m => m.CompanyId).Select(g => new { Company = g.Key, Count = g.Count(), Latest = g.Max(m => m.AchievedAt) })
            .ToDictionaryAsync(g => g.Company, cancellationToken);
        var companies = await db.Companies.Where(c => c.Id != keepOpen).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var stalled = companies.Where(c =>
            {
                var reached = progress.GetValueOrDefault(c.Id);
                var since = reached?.Latest ?? c.TrackStart;
                return (reached?.Count ?? 0) < steps.GetValueOrDefault(c.MilestoneTrackId) && (now - since).TotalDays > 300;
            })
            .Where((_, i) => i % 3 == 0).Take(9).ToList();
        for (var i = 0; i < stalled.Count; i++)
        {
            var company = stalled[i];
            var since = progress.GetValueOrDefault(company.Id)?.Latest ?? company.TrackStart;
            var on = DateOnly.FromDateTime(since.AddDays(90 + (37 * i % 120)).AddDays(1));
            var change = Companies.CompanyOutcomes.Record(company, i % 3 == 2 ? Companies.CompanyOutcome.Acquired : Companies.CompanyOutcome.ShutDown, on, byUserId: null, now);
            db.CompanyOutcomeEvents.Add(change!);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

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

    private static readonly Guid SaaS = SystemStandards.SaaS;
    private static readonly Guid Hardware = SystemStandards.Hardware;
    private static readonly Guid MedTech = SystemStandards.MedTech;

    /// <summary>Northstar's portfolio: at least five companies through every track (so every step's
    /// cohort has the five events a status needs), the others spread over the steps, some on pace,
    /// some at risk, some behind.</summary>
    private static IReadOnlyList<DemoCompany> NorthstarPortfolio(Guid climate) =>
    [
        DemoCompany.Complete("Orbital CRM", "Sales software", SaaS),
        DemoCompany.Complete("Kitewire Security", "Cybersecurity", SaaS),
        DemoCompany.Complete("Fernway Logistics", "Supply chain", SaaS),
        DemoCompany.Complete("Harvest Ledger", "Agri-fintech", SaaS),
        DemoCompany.Complete("Signalbox Ops", "IT operations", SaaS),
        DemoCompany.Complete("Coppervale Billing", "Billing software", SaaS),
        DemoCompany.Open("Lumen Analytics", "B2B analytics", SaaS, 7, DemoPace.OnPace),
        DemoCompany.Open("Brightpath Learning", "EdTech", SaaS, 5, DemoPace.AtRisk),
        DemoCompany.Open("Cobalt Payroll", "HR tech", SaaS, 6, DemoPace.Behind),
        DemoCompany.Open("Quill Legal", "Legal tech", SaaS, 3, DemoPace.OnPace),
        DemoCompany.Open("Tandem Scheduling", "Health IT", SaaS, 8, DemoPace.AtRisk),
        DemoCompany.Open("Meadow Retail Insights", "Retail analytics", SaaS, 2, DemoPace.OnPace),
        DemoCompany.Open("Parcelpath", "Logistics software", SaaS, 4, DemoPace.Behind),
        DemoCompany.Open("Sprout Care", "Elder care platform", SaaS, 9, DemoPace.OnPace),
        DemoCompany.Open("Tidewater Climate Data", "Climate analytics", SaaS, 3, DemoPace.AtRisk),
        DemoCompany.Open("Pinecrest People", "HR software", SaaS, 10, DemoPace.OnPace),
        DemoCompany.Open("Driftmark Data", "Data infrastructure", SaaS, 1, DemoPace.OnPace),
        DemoCompany.Open("Larkspur Records", "Clinic software", SaaS, 6, DemoPace.OnPace),
        DemoCompany.Open("Tessel Contracts", "Procurement software", SaaS, 4, DemoPace.OnPace),
        DemoCompany.Open("Wayfare Desk", "Corporate travel", SaaS, 2, DemoPace.Behind),
        DemoCompany.Open("Fieldnote Service", "Field service software", SaaS, 5, DemoPace.OnPace),
        DemoCompany.Open("Hollowbrook Giving", "Nonprofit CRM", SaaS, 7, DemoPace.Behind),
        DemoCompany.Open("Paperkite Invoicing", "Small-business finance", SaaS, 0, DemoPace.OnPace),
        DemoCompany.Open("Heronway Compliance", "RegTech", SaaS, 9, DemoPace.AtRisk),
        DemoCompany.Open("Shiftwell Rostering", "Workforce scheduling", SaaS, 3, DemoPace.Behind),
        DemoCompany.Open("Greenplate Menus", "Restaurant software", SaaS, 1, DemoPace.AtRisk),
        DemoCompany.Open("Quarrystone Insights", "Construction analytics", SaaS, 8, DemoPace.OnPace),
        DemoCompany.Open("Inkwell Grants", "Grant management", SaaS, 10, DemoPace.Behind),

        DemoCompany.Complete("Voltaic Robotics", "Warehouse robotics", Hardware),
        DemoCompany.Complete("Aerolite Drones", "Agricultural drones", Hardware),
        DemoCompany.Complete("Keelson Marine Sensors", "Marine electronics", Hardware),
        DemoCompany.Complete("Wrenfield Printing", "3D printers", Hardware),
        DemoCompany.Complete("Glintline Optics", "Machine vision", Hardware),
        DemoCompany.Open("TerraSense", "Soil sensing", Hardware, 4, DemoPace.OnPace),
        DemoCompany.Open("Brambleworks Robotics", "Kitchen robotics", Hardware, 6, DemoPace.AtRisk),
        DemoCompany.Open("Cartwheel Robotics", "Hospital delivery robots", Hardware, 8, DemoPace.OnPace),
        DemoCompany.Open("Sable Acoustics", "Hearing-safe audio", Hardware, 2, DemoPace.Behind),
        DemoCompany.Open("Ironbark Agritech", "Orchard automation", Hardware, 5, DemoPace.OnPace),
        DemoCompany.Open("Hexfield Sensors", "Industrial IoT", Hardware, 9, DemoPace.Behind),
        DemoCompany.Open("Quayside Locks", "Smart locks", Hardware, 3, DemoPace.AtRisk),
        DemoCompany.Open("Stonefly Wearables", "Safety wearables", Hardware, 1, DemoPace.OnPace),
        DemoCompany.Open("Breezeline Air", "Air purification", Hardware, 7, DemoPace.OnPace),
        DemoCompany.Open("Ferrule Bikes", "E-bike drivetrains", Hardware, 10, DemoPace.AtRisk),

        DemoCompany.Complete("Solace Heat Pumps", "Heat pumps", climate),
        DemoCompany.Complete("Windrow Compost Systems", "Organic waste", climate),
        DemoCompany.Complete("Sunhaven Inverters", "Solar electronics", climate),
        DemoCompany.Complete("Frostline Cold Storage", "Cold chain", climate),
        DemoCompany.Complete("Tidemill Energy", "Tidal power", climate),
        DemoCompany.Open("Hearth Thermal", "Home energy", climate, 6, DemoPace.OnPace),
        DemoCompany.Open("Gridlet Storage", "Home batteries", climate, 8, DemoPace.AtRisk),
        DemoCompany.Open("Kelpwise Carbon", "Ocean carbon removal", climate, 2, DemoPace.OnPace),
        DemoCompany.Open("Emberless Cooktops", "Induction cooking", climate, 4, DemoPace.Behind),
        DemoCompany.Open("Cinder Capture", "Industrial carbon capture", climate, 3, DemoPace.AtRisk),
        DemoCompany.Open("Brightwater Desalination", "Water", climate, 9, DemoPace.OnPace),
        DemoCompany.Open("Chargewell Depots", "Fleet EV charging", climate, 5, DemoPace.Behind),
        DemoCompany.Open("Loamline Sensors", "Methane monitoring", climate, 11, DemoPace.OnPace),

        DemoCompany.Complete("OrthoFlex", "Orthopedic implants", MedTech),
        DemoCompany.Complete("CardioPatch", "Wearable cardiac monitoring", MedTech),
        DemoCompany.Complete("Sutureline Surgical", "Surgical closure", MedTech),
        DemoCompany.Complete("Veinsight Imaging", "Vascular imaging", MedTech),
        DemoCompany.Complete("Calmwave Neurostim", "Neuromodulation", MedTech),
        DemoCompany.Open("Lumina Diagnostics", "Point-of-care diagnostics", MedTech, 6, DemoPace.AtRisk),
        DemoCompany.Open("NeoBreath", "Neonatal respiratory care", MedTech, 3, DemoPace.OnPace),
        DemoCompany.Open("Glucora Monitoring", "Diabetes monitoring", MedTech, 8, DemoPace.OnPace),
        DemoCompany.Open("Pulmora Devices", "Respiratory devices", MedTech, 4, DemoPace.Behind),
        DemoCompany.Open("Retinal Relay", "Eye screening", MedTech, 2, DemoPace.OnPace),
        DemoCompany.Open("Spinewise Implants", "Spinal implants", MedTech, 9, DemoPace.AtRisk),
        DemoCompany.Open("Strideform Prosthetics", "Prosthetics", MedTech, 10, DemoPace.OnPace),
        DemoCompany.Open("EarlyEar Screening", "Newborn hearing", MedTech, 1, DemoPace.Behind),
        DemoCompany.Open("Dermaweave Wound Care", "Wound care", MedTech, 11, DemoPace.Behind),
    ];

    /// <summary>Northstar's programs, relative to today: an accelerator cohort every year for six
    /// years, the Scale Lab (six-month stays, ongoing) and a yearly regulatory clinic for
    /// MedTech companies.</summary>
    private static IReadOnlyList<DemoProgram> NorthstarPrograms(DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var programs = new List<DemoProgram>();
        for (var k = 5; k >= 0; k--)
        {
            programs.Add(DemoProgram.Cohort(month.AddMonths(-2 - (12 * k)), 12,
                "Twelve-week accelerator: customer discovery to first revenue, weekly workshops and mentor office hours.", 0.8));
        }

        programs.Add(new DemoProgram("Scale Lab", "Six-month stays for companies past their first round: hiring, sales and the next raise.", "scale-lab",
            [.. Enumerable.Range(0, 6).Select(j => new DemoIntake(month.AddMonths(-30 + (6 * j)), month.AddMonths(-24 + (6 * j))))],
            MinReached: 5, MaxReached: 10, Share: 0.5));
        programs.Add(new DemoProgram("MedTech Regulatory Clinic", "Sixteen weeks with regulatory experts: pathway, quality system, Pre-Submission and studies.", "regulatory",
            [.. new[] { 40, 28, 16, 4 }.Select(m => new DemoIntake(month.AddMonths(-m), month.AddMonths(-m).AddDays(16 * 7)))],
            MinReached: 2, MaxReached: 9, Share: 0.6, Track: MedTech));
        return programs;
    }

    /// <summary>The network benchmark's demo partners (no logins are printed for them).</summary>
    private static readonly (string Name, string Slug)[] NetworkPartners =
    [
        ("Cascade Venture Lab", "cascade"),
        ("Meridian Startup Studio", "meridian"),
        ("Riverbend Incubator", "riverbend"),
        ("Summit Founders Program", "summit"),
        ("Tidewater Accelerator", "tidewater"),
    ];

    /// <summary>Six SaaS companies per partner, spread over the track's first steps.</summary>
    private static IReadOnlyList<DemoCompany> PartnerPortfolio(string partner, int seed) =>
        [.. new[] { 1, 2, 3, 4, 6, 8 }.Select((reached, i) => DemoCompany.Open(
            $"{partner.Split(' ')[0]} {PartnerNames[(seed + i) % PartnerNames.Length]}", "Software", SaaS, reached, i % 3 == 2 ? DemoPace.AtRisk : DemoPace.OnPace))];

    private static readonly string[] PartnerNames = ["Ledger", "Orbit", "Signal", "Harbor Cloud", "Pilot", "Quill", "Relay", "Sprout", "Vector"];

    private static readonly IReadOnlyList<DemoCompany> HarborPortfolio =
    [
        DemoCompany.Open("SolarCircle Microgrids", "Clean energy", Hardware, 3, DemoPace.OnPace),
        DemoCompany.Open("AquaPure Filters", "Water", Hardware, 5, DemoPace.OnPace),
        DemoCompany.Open("FarmLink Cooperative", "AgTech", SaaS, 2, DemoPace.OnPace),
        DemoCompany.Open("ClinicConnect", "Rural health", MedTech, 1, DemoPace.OnPace),
    ];

    private static IReadOnlyList<DemoProgram> HarborPrograms(DateOnly today) =>
    [
        new("Impact Fellowship", "Six-month fellowship for climate and health ventures.", "fellowship",
            [new DemoIntake(today.AddMonths(-10), today.AddMonths(-4))], MinReached: 0, MaxReached: 99, Share: 0.6),
    ];
}
