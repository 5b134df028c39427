using System.Globalization;
using System.Text.Json;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Reports;

/// <summary>The generated portfolio of Core.Tests/Fixtures/cox/reference.R (80 companies, three
/// programs, meetings, ties, zero-length steps, archived companies), stored through the app's
/// entities under fresh ids, so the API must reproduce R's two fits of it.</summary>
public sealed class EffectsScenario
{
    private static readonly Lazy<JsonElement> s_portfolio = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cox", "reference.json"))).RootElement.GetProperty("portfolio"));

    public static JsonElement Portfolio => s_portfolio.Value;

    public required TestTenant Tenant { get; init; }

    public required Guid TrackId { get; init; }

    /// <summary>The app's id of each of the fixture's programs, in the fixture's order (R's p1, p2, p3).</summary>
    public required IReadOnlyList<Guid> Programs { get; init; }

    /// <summary>The app's company id for the fixture's company id.</summary>
    public required IReadOnlyDictionary<Guid, Guid> Companies { get; init; }

    public static string AsOf => Portfolio.GetProperty("asOf").GetString()!;

    /// <summary>R's fit of the model "any" or "program".</summary>
    public static JsonElement Fit(string by) => Portfolio.GetProperty("models").GetProperty(by).GetProperty("fit");

    public string Query(string by) => $"asOf={AsOf}&trackId={TrackId}&by={by}";

    public static async Task<EffectsScenario> SeedAsync(AppFactory factory)
    {
        var tenant = await factory.CreateTenantAsync();
        var portfolio = Portfolio;
        var trackId = Guid.CreateVersion7();
        var milestones = new Dictionary<Guid, Guid>();
        var programs = new List<Guid>();
        var programOf = new Dictionary<Guid, Guid>();
        var companies = new Dictionary<Guid, Guid>();
        await tenant.InScopeAsync(async (_, db) =>
        {
            var track = new MilestoneTrack { Id = trackId, TenantId = tenant.Id, Title = "Effects fixture", CreatedAt = db.UtcNow };
            var order = 0;
            foreach (var id in portfolio.GetProperty("milestones").EnumerateArray().Select(m => m.GetGuid()))
            {
                var definition = new MilestoneDefinition { TrackId = trackId, TenantId = tenant.Id, Title = $"M{++order}", OrderIndex = order, CreatedAt = db.UtcNow };
                milestones[id] = definition.Id;
                track.Milestones.Add(definition);
            }

            db.MilestoneTracks.Add(track);
            var number = 0;
            foreach (var id in portfolio.GetProperty("programs").EnumerateArray().Select(p => p.GetGuid()))
            {
                var program = new SupportProgram { Name = $"P{++number}", CreatedAt = db.UtcNow };
                db.Programs.Add(program);
                programs.Add(program.Id);
                programOf[id] = program.Id;
            }

            foreach (var c in portfolio.GetProperty("companies").EnumerateArray())
            {
                var start = Instant(c.GetProperty("trackStart").GetString()!);
                var archived = c.GetProperty("archivedAt");
                var company = new Company
                {
                    Name = $"Fixture {c.GetProperty("id").GetString()![^4..]}",
                    MilestoneTrackId = trackId,
                    FoundedOn = null, // the track starts when it was created: the fixture's instant, to the second
                    CreatedAt = start,
                    TrackStartedAt = start,
                    ArchivedAt = archived.ValueKind == JsonValueKind.Null ? null : Instant(archived.GetString()!),
                };
                db.Companies.Add(company);
                companies[c.GetProperty("id").GetGuid()] = company.Id;
                foreach (var a in Items(c.GetProperty("achievements")))
                {
                    db.CompanyMilestones.Add(new CompanyMilestone
                    {
                        CompanyId = company.Id,
                        MilestoneId = milestones[a.GetProperty("milestoneId").GetGuid()],
                        Status = MilestoneStatus.Achieved,
                        AchievedAt = Instant(a.GetProperty("at").GetString()!),
                        LoggedAt = db.UtcNow,
                    });
                }

                foreach (var e in Items(c.GetProperty("enrolments")))
                {
                    var exited = e.GetProperty("exitedOn");
                    db.ProgramEnrollments.Add(new ProgramEnrollment
                    {
                        ProgramId = programOf[e.GetProperty("programId").GetGuid()],
                        CompanyId = company.Id,
                        EnrolledOn = Day(e.GetProperty("enrolledOn").GetString()!),
                        ExitedOn = exited.ValueKind == JsonValueKind.Null ? null : Day(exited.GetString()!),
                        CreatedAt = db.UtcNow,
                    });
                }

                var kind = 0;
                foreach (var m in Items(c.GetProperty("meetings")))
                {
                    // Meetings and calls both count; an email on the same day must not.
                    var at = Instant(m.GetString()!);
                    db.Interactions.Add(new Interaction { CompanyId = company.Id, Kind = kind++ % 2 == 0 ? InteractionKind.Meeting : InteractionKind.Call, OccurredAt = at, Subject = "Session", CreatedAt = db.UtcNow });
                    db.Interactions.Add(new Interaction { CompanyId = company.Id, Kind = InteractionKind.Email, OccurredAt = at.AddHours(1), Subject = "Follow-up", CreatedAt = db.UtcNow });
                }
            }

            await db.SaveChangesAsync();
        });
        return new EffectsScenario { Tenant = tenant, TrackId = trackId, Programs = programs, Companies = companies };
    }

    /// <summary>A JSON array, or a single value R's jsonlite wrote unboxed, as items.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray(),
        JsonValueKind.Null => [],
        _ => [value],
    };

    private static DateTime Instant(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DateOnly Day(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
