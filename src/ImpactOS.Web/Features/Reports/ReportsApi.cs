using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Reports;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Staff).RequireMilestonesFeature();

        group.MapGet("/attribution", async (DateTime? from, DateTime? to, Guid? programId, DateTime? asOf, AttributionReports reports, CancellationToken ct) =>
                (await reports.AttributionAsync(new ReportQuery(from, to, programId, asOf), ct)).ToResult(TypedResults.Ok))
            .Produces<AttributionDto>()
            .ProducesValidationProblem()
            .WithSummary("Attribution Rate: achievements during enrolment ÷ all achievements in [from, to), for the organization, per program and per quarter.");

        group.MapGet("/program-lift", async (DateTime? from, DateTime? to, Guid? programId, DateTime? asOf, AttributionReports reports, CancellationToken ct) =>
                (await reports.ProgramLiftAsync(new ReportQuery(from, to, programId, asOf), ct)).ToResult(TypedResults.Ok))
            .Produces<ProgramLiftReportDto>()
            .ProducesValidationProblem()
            .WithSummary("Program Lift: milestones per company-year inside enrolment vs outside, with the exact 95% interval (R's poisson.test).");

        group.MapGet("/attribution.csv", async (DateTime? from, DateTime? to, Guid? programId, DateTime? asOf, AttributionReports reports, CancellationToken ct) =>
                (await reports.AttributionAsync(new ReportQuery(from, to, programId, asOf), ct)).ToResult(r => CsvOutput.File(ReportRows.Attribution(r), "attribution.csv")))
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("The attribution report as CSV: one row for the organization, one per program, one per quarter.");

        group.MapGet("/program-lift.csv", async (DateTime? from, DateTime? to, Guid? programId, DateTime? asOf, AttributionReports reports, CancellationToken ct) =>
                (await reports.ProgramLiftAsync(new ReportQuery(from, to, programId, asOf), ct)).ToResult(r => CsvOutput.File(ReportRows.Lift(r), "program-lift.csv")))
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("The program lift report as CSV.");

        group.MapGet("/program-effects", async (DateTime? asOf, Guid? trackId, string? by, ProgramEffectsReports effects, CancellationToken ct) =>
                (await effects.EffectsAsync(new EffectsQuery(asOf, trackId, by), ct)).ToResult(TypedResults.Ok))
            .Produces<ProgramEffectsDto>()
            .ProducesValidationProblem()
            .WithSummary("Program effects: Cox model of time to next milestone, stratified by step, with enrolment (by=any) or each program (by=program) and meetings in the last 90 days as time-varying terms; cluster-robust intervals.");

        api.MapGet("/exports/program-effects.csv", async (DateTime? asOf, Guid? trackId, ProgramEffectsReports effects, CancellationToken ct) =>
                (await effects.RowsAsync(new EffectsQuery(asOf, trackId), ct)).ToResult(data => CsvOutput.Streamed(ProgramEffectsReports.CsvRows(data), "program-effects.csv", new CountingProcessCsvMap())))
            .WithTags("Import and export")
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .ProducesCsv()
            .ProducesValidationProblem()
            .WithSummary("The program-effects model's counting-process rows (one per interval of a company step), to re-fit it in R or lifelines.");

        return api;
    }
}

/// <summary>The reports flattened into CSV rows (one shape per report).</summary>
public static class ReportRows
{
    public sealed record AttributionRow(string Scope, string Name, int Achievements, int DuringEnrollment, double? AttributionRate, string From, string To);

    public sealed record LiftRow(string Scope, string Name, int InsideEvents, double InsideCompanyYears, double? InsideRate, int OutsideEvents, double OutsideCompanyYears, double? OutsideRate, double? Lift, double? LiftCiLow, double? LiftCiHigh, double? PValue);

    public static IEnumerable<AttributionRow> Attribution(AttributionDto r)
    {
        var from = r.From?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var to = r.To.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        yield return new("organization", "All companies", r.Achievements, r.DuringEnrollment, r.AttributionRate, from, to);
        foreach (var p in r.ByProgram)
        {
            yield return new("program", p.Name, p.Achievements, p.DuringEnrollment, p.AttributionRate, from, to);
        }

        foreach (var q in r.ByQuarter)
        {
            yield return new("quarter", q.Quarter, q.Achievements, q.DuringEnrollment, q.AttributionRate, from, to);
        }
    }

    public static IEnumerable<LiftRow> Lift(ProgramLiftReportDto r)
    {
        yield return new("organization", "Any enrolment", r.InsideEvents, r.InsideCompanyYears, r.InsideRate, r.OutsideEvents, r.OutsideCompanyYears, r.OutsideRate, r.Lift, r.LiftCiLow, r.LiftCiHigh, r.PValue);
        foreach (var p in r.ByProgram)
        {
            yield return new("program", p.Name, p.InsideEvents, p.InsideCompanyYears, p.InsideRate, r.OutsideEvents, r.OutsideCompanyYears, r.OutsideRate, p.Lift, p.LiftCiLow, p.LiftCiHigh, p.PValue);
        }
    }
}
