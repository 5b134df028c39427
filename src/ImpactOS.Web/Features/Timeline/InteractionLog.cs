using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Timeline;

public sealed record InteractionInput(string? Kind, DateTime? OccurredAt, string? Subject, string? Notes);

public sealed record InteractionDto(Guid Id, Guid CompanyId, string Kind, DateTime OccurredAt, string Subject, string? Notes, Guid? CoachUserId, DateTime CreatedAt);

public sealed record UpdateMetrics(decimal? Revenue, double? RevenueGrowthPct, int? Headcount, double? CashRunwayMonths);

public sealed record CompanyUpdateInput(string? Period, DateTime? SubmittedAt, string? Summary, UpdateMetrics? Metrics);

public sealed record CompanyUpdateDto(Guid Id, Guid CompanyId, string Period, DateTime SubmittedAt, string Summary, UpdateMetrics Metrics, Guid? SubmittedByUserId);

/// <summary>What coaches log (meetings, emails, calls, notes) and what founders report (updates).</summary>
public sealed class InteractionLog(AppDbContext db, CurrentUser currentUser)
{
    /// <summary>Longest subject and notes an interaction keeps (the calendar import caps to these too).</summary>
    public const int SubjectMaxLength = 300;
    public const int NotesMaxLength = 4000;

    public async Task<Outcome<InteractionDto>> LogAsync(Guid companyId, InteractionInput input, CancellationToken cancellationToken)
    {
        if (await ArchivedCompany.CheckChangeableAsync(db, companyId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = new ValidationErrors();
        InteractionKind? kind = input.Kind?.Trim().ToLowerInvariant() switch
        {
            "meeting" => InteractionKind.Meeting,
            "email" => InteractionKind.Email,
            "call" => InteractionKind.Call,
            "note" => InteractionKind.Note,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add("kind", "One of meeting, email, call, note.");
        }

        var occurredAt = Instants.CheckHappened(errors, "occurredAt", input.OccurredAt, db.UtcNow, required: true);
        var subject = errors.Text("subject", input.Subject, SubjectMaxLength, required: true);
        var notes = errors.Text("notes", input.Notes, NotesMaxLength, multiline: true);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var interaction = new Interaction
        {
            CompanyId = companyId,
            Kind = kind!.Value,
            OccurredAt = occurredAt!.Value,
            Subject = subject!,
            Notes = notes,
            CoachUserId = currentUser.UserId,
            CreatedAt = db.UtcNow,
        };
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        return new InteractionDto(interaction.Id, companyId, CompanyTimeline.KindName(interaction.Kind), interaction.OccurredAt, interaction.Subject, interaction.Notes, interaction.CoachUserId, interaction.CreatedAt);
    }

    /// <summary>A company update; founders may submit for their own company (the company-scope
    /// filter already hides every other company from them).</summary>
    public async Task<Outcome<CompanyUpdateDto>> SubmitUpdateAsync(Guid companyId, CompanyUpdateInput input, CancellationToken cancellationToken)
    {
        if (await ArchivedCompany.CheckChangeableAsync(db, companyId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = new ValidationErrors();
        var period = errors.Text("period", input.Period, 50, required: true);
        var summary = errors.Text("summary", input.Summary, 4000, required: true, multiline: true);
        var submittedAt = Instants.CheckHappened(errors, "submittedAt", input.SubmittedAt, db.UtcNow, required: false) ?? db.UtcNow;
        var metrics = input.Metrics ?? new UpdateMetrics(null, null, null, null);
        if (metrics.Revenue is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("metrics.revenue", "Between 0 and 1,000,000,000,000.");
        }

        if (metrics.RevenueGrowthPct is { } growth && (!double.IsFinite(growth) || Math.Abs(growth) > 100_000))
        {
            errors.Add("metrics.revenueGrowthPct", "A percentage between -100,000 and 100,000.");
        }

        if (metrics.Headcount is < 0 or > 1_000_000)
        {
            errors.Add("metrics.headcount", "Between 0 and 1,000,000.");
        }

        if (metrics.CashRunwayMonths is { } runway && (!double.IsFinite(runway) || runway < 0 || runway > 1200))
        {
            errors.Add("metrics.cashRunwayMonths", "Between 0 and 1,200 months.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var update = new CompanyUpdate
        {
            CompanyId = companyId,
            Period = period!,
            SubmittedAt = submittedAt,
            Summary = summary!,
            Revenue = metrics.Revenue,
            RevenueGrowthPct = metrics.RevenueGrowthPct,
            Headcount = metrics.Headcount,
            CashRunwayMonths = metrics.CashRunwayMonths,
            SubmittedByUserId = currentUser.UserId,
            CreatedAt = db.UtcNow,
        };
        db.CompanyUpdates.Add(update);
        await db.SaveChangesAsync(cancellationToken);
        return new CompanyUpdateDto(update.Id, companyId, update.Period, update.SubmittedAt, update.Summary, metrics, update.SubmittedByUserId);
    }

    /// <summary>The name of the company a form logs for, archived or not; an archived one's form
    /// says at once that it is read-only. Null when the user may not see the company.</summary>
    public async Task<string?> FormCompanyNameAsync(Guid companyId, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var company = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new { c.Name, c.ArchivedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (company?.ArchivedAt is not null && modelState.IsValid)
        {
            modelState.AddModelError(string.Empty, ArchivedCompany.RestoreFirst);
        }

        return company?.Name;
    }
}
