using System.Text.Json.Serialization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Companies;

/// <summary>How a company stands: active, or ended by a shutdown or an acquisition.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompanyOutcome>))]
public enum CompanyOutcome
{
    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("shut_down")]
    ShutDown,

    [JsonStringEnumMemberName("acquired")]
    Acquired,
}

/// <summary>One change of a company's outcome, with what it was before: never updated or deleted,
/// so marking a company shut down and undoing it both stay in its history.</summary>
public sealed class CompanyOutcomeEvent : ITenantOwned, ICompanyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public CompanyOutcome Outcome { get; set; }
    public DateOnly? OutcomeOn { get; set; }
    public CompanyOutcome PreviousOutcome { get; set; }
    public DateOnly? PreviousOutcomeOn { get; set; }

    /// <summary>When the change was made.</summary>
    public DateTime At { get; set; }

    public Guid? ByUserId { get; set; }
}

internal sealed class CompanyOutcomeEventConfiguration : IEntityTypeConfiguration<CompanyOutcomeEvent>
{
    public void Configure(EntityTypeBuilder<CompanyOutcomeEvent> b)
    {
        b.ToTable("company_outcome_events", t =>
        {
            t.HasCheckConstraint("ck_company_outcome_events_outcome", "outcome IN ('active', 'shut_down', 'acquired')");
            t.HasCheckConstraint("ck_company_outcome_events_previous_outcome", "previous_outcome IN ('active', 'shut_down', 'acquired')");
        });
        b.Property(e => e.Id).HasDefaultRandomUuid();
        b.Property(e => e.Outcome).HasConversion(o => CompanyOutcomes.Code(o), s => CompanyOutcomes.Parse(s)).HasMaxLength(20);
        b.Property(e => e.PreviousOutcome).HasConversion(o => CompanyOutcomes.Code(o), s => CompanyOutcomes.Parse(s)).HasMaxLength(20);
        b.Property(e => e.At).HasDefaultNow();
        b.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(e => e.ByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.TenantId, e.CompanyId, e.At });
    }
}

/// <summary><c>PUT /companies/{id}/outcome</c>: <c>outcome</c> is "active", "shut_down" or
/// "acquired"; <c>on</c> (the day) is required for the last two; <c>version</c> optionally guards
/// against a concurrent change of the company.</summary>
public sealed record OutcomeInput(string? Outcome, DateOnly? On, int? Version = null);

/// <summary>One change in a company's outcome history.</summary>
public sealed record OutcomeHistoryEntry(CompanyOutcome Outcome, DateOnly? OutcomeOn, CompanyOutcome PreviousOutcome, DateOnly? PreviousOutcomeOn, DateTime At, UserRef? By);

/// <summary>Marking a company shut down or acquired, and undoing it (back to active): the one place
/// these rules live, for the API, the pages and the CSV import. Every change is recorded with what
/// it replaced; the company stays visible, and while closed its milestones are read-only
/// (<see cref="ArchivedCompany.RefuseMilestoneChanges"/>).</summary>
public sealed class CompanyOutcomes(AppDbContext db, CurrentUser currentUser, CompanyDirectory directory)
{
    private const string OnlyStaff = "Only coaches and admins change a company's outcome.";

    /// <summary>The outcomes as the API and the CSV spell them.</summary>
    public static readonly IReadOnlyList<string> Codes = ["active", "shut_down", "acquired"];

    public static string Code(CompanyOutcome outcome) => outcome switch
    {
        CompanyOutcome.ShutDown => "shut_down",
        CompanyOutcome.Acquired => "acquired",
        _ => "active",
    };

    public static CompanyOutcome Parse(string code) => code switch
    {
        "shut_down" => CompanyOutcome.ShutDown,
        "acquired" => CompanyOutcome.Acquired,
        _ => CompanyOutcome.Active,
    };

    /// <summary>The outcome in words, with its day: "Shut down 2025-03-01", "Acquired 2024-11-30", "Active".</summary>
    public static string Describe(CompanyOutcome outcome, DateOnly? on) => outcome switch
    {
        CompanyOutcome.ShutDown => $"Shut down {on:yyyy-MM-dd}",
        CompanyOutcome.Acquired => $"Acquired {on:yyyy-MM-dd}",
        _ => "Active",
    };

    /// <summary>Checks an outcome and its day (as written) for a company founded on
    /// <paramref name="foundedOn"/> whose latest achievement is <paramref name="latestAchievement"/>:
    /// a known outcome; a day for shut down or acquired (and none for active), not in the future,
    /// not before the founding day, not before the latest achievement (the outcome ends the step
    /// that follows it). Shared with the CSV import.</summary>
    public static (CompanyOutcome Outcome, DateOnly? On) Check(ValidationErrors errors, string? outcome, DateOnly? on, DateOnly today, DateOnly? foundedOn, DateTime? latestAchievement, string outcomeField = "outcome", string onField = "on")
    {
        var code = outcome?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(outcomeField, "Required: one of " + string.Join(", ", Codes) + ".");
            return (CompanyOutcome.Active, null);
        }

        if (!Codes.Contains(code))
        {
            errors.Add(outcomeField, "One of " + string.Join(", ", Codes) + ".");
            return (CompanyOutcome.Active, null);
        }

        var parsed = Parse(code);
        if (parsed == CompanyOutcome.Active)
        {
            if (on is not null)
            {
                errors.Add(onField, "An active company has no outcome day; leave it empty.");
            }

            return (parsed, null);
        }

        if (on is not { } day)
        {
            errors.Add(onField, "Required: the day the company " + (parsed == CompanyOutcome.ShutDown ? "shut down." : "was acquired."));
        }
        else if (day > today)
        {
            errors.Add(onField, "Cannot be in the future.");
        }
        else if (Instants.TooEarly(day))
        {
            errors.Add(onField, Instants.TooFarInThePast);
        }
        else if (foundedOn is { } founded && day < founded)
        {
            errors.Add(onField, $"Cannot be before the company was founded ({founded:yyyy-MM-dd}).");
        }
        else if (latestAchievement is { } latest && day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < latest)
        {
            errors.Add(onField, $"Cannot be before its latest achievement ({latest:yyyy-MM-dd HH:mm} UTC): the outcome ends the step after it.");
        }

        return (parsed, on);
    }

    /// <summary>Sets the company's outcome; the same outcome and day again changes nothing. Back to
    /// "active" is the undo.</summary>
    public async Task<Outcome<CompanyDto>> SetAsync(Guid companyId, OutcomeInput input, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        var company = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken);
        if (company is null)
        {
            return Failure.NotFound();
        }

        if (ArchivedCompany.RefuseChanges(company.ArchivedAt) is { } archived)
        {
            return archived;
        }

        if (input.Version is { } version && version != company.Version)
        {
            return Failure.Conflict("The company was changed by someone else. Reload and try again.");
        }

        var latest = await db.CompanyMilestones.AsNoTracking()
            .Where(m => m.CompanyId == companyId && m.Status == MilestoneStatus.Achieved)
            .MaxAsync(m => m.AchievedAt, cancellationToken);
        var errors = new ValidationErrors();
        var (outcome, on) = Check(errors, input.Outcome, input.On, DateOnly.FromDateTime(db.UtcNow), company.FoundedOn, latest);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (Record(company, outcome, on, currentUser.UserId, db.UtcNow) is { } change)
        {
            db.CompanyOutcomeEvents.Add(change);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Failure.Conflict("The company was changed by someone else. Reload and try again.");
            }
        }

        return (await directory.GetAsync(companyId, cancellationToken))!;
    }

    /// <summary>Changes <paramref name="company"/>'s outcome and answers the history entry for it;
    /// null (and nothing changed) when it already stands so.</summary>
    public static CompanyOutcomeEvent? Record(Company company, CompanyOutcome outcome, DateOnly? on, Guid? byUserId, DateTime at)
    {
        if (company.Outcome == outcome && company.OutcomeOn == on)
        {
            return null;
        }

        var change = new CompanyOutcomeEvent
        {
            CompanyId = company.Id,
            Outcome = outcome,
            OutcomeOn = on,
            PreviousOutcome = company.Outcome,
            PreviousOutcomeOn = company.OutcomeOn,
            At = at,
            ByUserId = byUserId,
        };
        company.Outcome = outcome;
        company.OutcomeOn = on;
        return change;
    }

    /// <summary>Every change of the company's outcome, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<OutcomeHistoryEntry>>> HistoryAsync(Guid companyId, CancellationToken cancellationToken)
    {
        if (!await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            return Failure.NotFound();
        }

        return await db.CompanyOutcomeEvents.AsNoTracking()
            .Where(e => e.CompanyId == companyId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new OutcomeHistoryEntry(e.Outcome, e.OutcomeOn, e.PreviousOutcome, e.PreviousOutcomeOn, e.At,
                db.Users.Where(u => u.Id == e.ByUserId).Select(u => new UserRef(u.Id, u.DisplayName)).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }
}
