using System.Globalization;
using System.Text.Json;
using ImpactOS.Core.Effects;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>The generated portfolio of Fixtures/cox/reference.json: raw inputs, R's rows and R's two fits.</summary>
internal static class PortfolioReference
{
    private static JsonElement Portfolio => CoxReference.Root.GetProperty("portfolio");

    public static DateTime AsOf => Instant(Portfolio.GetProperty("asOf").GetString()!);

    public static Guid[] Programs => [.. CoxReference.Strings(Portfolio.GetProperty("programs")).Select(Guid.Parse)];

    public static int ZeroLengthStepsLeftOut => Portfolio.GetProperty("zeroLengthStepsLeftOut").GetInt32();

    public static RCoxCase Model(string by) => RCoxCase.Parse($"portfolio_{by}", Portfolio.GetProperty("models").GetProperty(by));

    public static TrackEffectsInput Track()
    {
        var milestones = CoxReference.Strings(Portfolio.GetProperty("milestones"))
            .Select((id, i) => new TrackMilestone(Guid.Parse(id), i + 1, $"M{i + 1}"))
            .ToArray();
        var companies = new List<CompanyEffectsInput>();
        foreach (var c in Portfolio.GetProperty("companies").EnumerateArray())
        {
            var archived = c.GetProperty("archivedAt");
            var history = new CompanyHistory(
                Guid.Parse(c.GetProperty("id").GetString()!),
                Instant(c.GetProperty("trackStart").GetString()!),
                archived.ValueKind == JsonValueKind.Null ? null : Instant(archived.GetString()!),
                [.. CoxReference.Items(c.GetProperty("achievements"))
                    .Where(a => a.ValueKind == JsonValueKind.Object)
                    .Select(a => new Achievement(Guid.Parse(a.GetProperty("milestoneId").GetString()!), Instant(a.GetProperty("at").GetString()!)))]);
            var enrolments = CoxReference.Items(c.GetProperty("enrolments"))
                .Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => new ProgramEnrolment(
                    Guid.Parse(e.GetProperty("programId").GetString()!),
                    DateOnly.ParseExact(e.GetProperty("enrolledOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    e.GetProperty("exitedOn").ValueKind == JsonValueKind.Null
                        ? null
                        : DateOnly.ParseExact(e.GetProperty("exitedOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
                .ToArray();
            var meetings = CoxReference.Items(c.GetProperty("meetings"))
                .Where(m => m.ValueKind == JsonValueKind.String)
                .Select(m => Instant(m.GetString()!))
                .ToArray();
            companies.Add(new CompanyEffectsInput(history, enrolments, meetings));
        }

        return new TrackEffectsInput(Guid.Parse(Portfolio.GetProperty("trackId").GetString()!), milestones, companies);
    }

    /// <summary>R's rows, as (company, milestone, tstart, tstop, event, enrolled, meetings_90d, program ids).</summary>
    public static IReadOnlyList<RRow> Rows() =>
        [.. Portfolio.GetProperty("rows").EnumerateArray().Select(r => new RRow(
            Guid.Parse(r.GetProperty("company").GetString()!),
            Guid.Parse(r.GetProperty("track").GetString()!),
            Guid.Parse(r.GetProperty("milestone").GetString()!),
            r.GetProperty("tstart").GetDouble(),
            r.GetProperty("tstop").GetDouble(),
            r.GetProperty("event").GetInt32() == 1,
            r.GetProperty("enrolled").GetInt32() == 1,
            r.GetProperty("meetings_90d").GetInt32(),
            r.GetProperty("program_ids").GetString()!))];

    private static DateTime Instant(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}

internal sealed record RRow(
    Guid Company, Guid Track, Guid Milestone, double TStart, double TStop, bool Event, bool Enrolled, int Meetings90d, string ProgramIds);
