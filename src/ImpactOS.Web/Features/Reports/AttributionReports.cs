using ImpactOS.Core.Attribution;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Reports;

public sealed record ReportQuery(DateTime? From = null, DateTime? To = null, Guid? ProgramId = null, DateTime? AsOf = null);

public sealed record ProgramAttributionDto(Guid ProgramId, string Name, int CompaniesEnrolled, int Achievements, int DuringEnrollment, double? AttributionRate);

public sealed record QuarterAttributionDto(string Quarter, DateTime Start, int Achievements, int DuringEnrollment, double? AttributionRate);

public sealed record AttributionDto(
    DateTime? From,
    DateTime To,
    DateTime AsOf,
    int Achievements,
    int DuringEnrollment,
    int OutsideEnrollment,
    double? AttributionRate,
    IReadOnlyList<ProgramAttributionDto> ByProgram,
    IReadOnlyList<QuarterAttributionDto> ByQuarter);

public sealed record ProgramLiftDto(Guid ProgramId, string Name, int InsideEvents, double InsideCompanyYears, double? InsideRate, double? Lift, double? LiftCiLow, double? LiftCiHigh, double? PValue);

public sealed record ProgramLiftReportDto(
    DateTime? From,
    DateTime To,
    DateTime AsOf,
    int InsideEvents,
    double InsideCompanyYears,
    int OutsideEvents,
    double OutsideCompanyYears,
    double? InsideRate,
    double? OutsideRate,
    double? Lift,
    double? LiftCiLow,
    double? LiftCiHigh,
    double? PValue,
    IReadOnlyList<ProgramLiftDto> ByProgram);

/// <summary>Attribution Rate and Program Lift for the tenant, from every company's achievements
/// and enrolment windows (programs are windows over the companies' own history).</summary>
public sealed class AttributionReports(AppDbContext db, ReportClock clock, TenantReportInputs reportInputs)
{
    public async Task<Outcome<AttributionDto>> AttributionAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(query, cancellationToken);
        if (!loaded.IsOk)
        {
            return new Failure(loaded.Kind, loaded.Errors, loaded.Message);
        }

        var (period, inputs) = loaded.Value!;
        var report = inputs.Result("attribution", period, () => AttributionCalculator.Compute(inputs.Companies, inputs.Programs, period));
        return new AttributionDto(
            period.From, period.End, period.AsOf,
            report.Tenant.Achievements, report.Tenant.DuringEnrollment, report.Tenant.OutsideEnrollment, Round(report.Tenant.Rate),
            report.ByProgram.Where(p => query.ProgramId is null || p.ProgramId == query.ProgramId)
                .Select(p => new ProgramAttributionDto(p.ProgramId, p.Name, p.CompaniesEnrolled, p.Counts.Achievements, p.Counts.DuringEnrollment, Round(p.Counts.Rate))).ToList(),
            report.ByQuarter.Select(q => new QuarterAttributionDto($"{q.Year}-Q{q.Quarter}", q.Start, q.Counts.Achievements, q.Counts.DuringEnrollment, Round(q.Counts.Rate))).ToList());
    }

    public async Task<Outcome<ProgramLiftReportDto>> ProgramLiftAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(query, cancellationToken);
        if (!loaded.IsOk)
        {
            return new Failure(loaded.Kind, loaded.Errors, loaded.Message);
        }

        var (period, inputs) = loaded.Value!;
        var report = inputs.Result("program-lift", period, () => ProgramLiftCalculator.Compute(inputs.Companies, inputs.Programs, period));
        return new ProgramLiftReportDto(
            period.From, period.End, period.AsOf,
            report.InsideEvents, Round(report.InsideCompanyYears)!.Value, report.OutsideEvents, Round(report.OutsideCompanyYears)!.Value,
            Round(report.InsideRate), Round(report.OutsideRate),
            Round(report.Lift.Ratio), Round(report.Lift.CiLow), Round(report.Lift.CiHigh), Round(report.Lift.PValue),
            report.ByProgram.Where(p => query.ProgramId is null || p.ProgramId == query.ProgramId)
                .Select(p => new ProgramLiftDto(p.ProgramId, p.Name, p.InsideEvents, Round(p.InsideCompanyYears)!.Value, Round(p.InsideRate),
                    Round(p.Lift.Ratio), Round(p.Lift.CiLow), Round(p.Lift.CiHigh), Round(p.Lift.PValue))).ToList());
    }

    private sealed record Loaded(ReportPeriod Period, ReportInputs Inputs);

    /// <summary>Checks the period, then takes the tenant's report inputs.</summary>
    private async Task<Outcome<Loaded>> LoadAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var asOf = clock.AsOf(query.AsOf);
        var from = Utc(query.From);
        var to = Utc(query.To);
        if (from is { } f && to is { } t && t < f)
        {
            errors.Add("to", "Cannot be before from.");
        }

        if (from is { } early && Instants.TooEarly(early) || to is { } earlyTo && Instants.TooEarly(earlyTo))
        {
            errors.Add("from", Instants.TooFarInThePast);
        }

        if (query.ProgramId is { } programId && !await db.Programs.AnyAsync(p => p.Id == programId, cancellationToken))
        {
            errors.Add("programId", "Not a program of this organization.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        return new Loaded(new ReportPeriod(from, to, asOf), await reportInputs.GetAsync(cancellationToken));
    }

    private static DateTime? Utc(DateTime? value) => value is { } v
        ? v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()
        : null;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
}
