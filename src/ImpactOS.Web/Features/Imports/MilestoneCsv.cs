using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Imports;

/// <summary>One data row of a milestones CSV, as written (after undoing our own formula escaping).</summary>
public sealed record MilestoneCsvRow(
    int Row,
    string? Company,
    string? ExternalId,
    string? Industry,
    string? FoundedOn,
    string? Track,
    string? Milestone,
    string? AchievedAt,
    string? EvidenceNote,
    string? EvidenceUrl);

public sealed record ImportError(int Row, string Column, string Message);

/// <summary>The milestones CSV format (docs/import-format.md): one achievement a row. Reading
/// never throws on bad data: every problem becomes an error with its row and column.</summary>
public static class MilestoneCsv
{
    public static readonly string[] Columns = ["company", "external_id", "industry", "founded_on", "track", "milestone", "achieved_at", "evidence_note", "evidence_url"];

    public static (List<MilestoneCsvRow> Rows, List<ImportError> Errors) Read(TextReader reader)
    {
        var rows = new List<MilestoneCsvRow>();
        var errors = new List<ImportError>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            BadDataFound = null,
            MissingFieldFound = null,
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(reader, configuration);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                errors.Add(new ImportError(1, "", "The file is empty; it needs a header row: " + string.Join(",", Columns)));
                return (rows, errors);
            }
        }
        catch (CsvHelperException e)
        {
            errors.Add(new ImportError(1, "", "The header row cannot be read: " + e.Message.Split('\n')[0]));
            return (rows, errors);
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var required in new[] { "milestone", "achieved_at" })
        {
            if (!header.Contains(required))
            {
                errors.Add(new ImportError(1, required, "Missing column."));
            }
        }

        if (!header.Contains("company") && !header.Contains("external_id"))
        {
            errors.Add(new ImportError(1, "company", "Needs a company or an external_id column."));
        }

        if (errors.Count > 0)
        {
            return (rows, errors);
        }

        string? Field(string name) => header.Contains(name) ? CsvOutput.Restore(csv.GetField(name)) : null;
        while (true)
        {
            try
            {
                if (!csv.Read())
                {
                    break;
                }
            }
            catch (CsvHelperException e)
            {
                errors.Add(new ImportError(csv.Parser.Row, "", "The row cannot be read: " + e.Message.Split('\n')[0]));
                break;
            }

            var row = csv.Parser.Row;
            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows.Add(new MilestoneCsvRow(row, Field("company"), Field("external_id"), Field("industry"), Field("founded_on"), Field("track"),
                Field("milestone"), Field("achieved_at"), Field("evidence_note"), Field("evidence_url")));
        }

        return (rows, errors);
    }

    /// <summary>Writes rows in the same format (formula-like text neutralized), so an export re-imports.</summary>
    public static byte[] Write(IEnumerable<MilestoneExportRow> rows) => CsvOutput.Write(rows, new ExportMap());

    private sealed class ExportMap : ClassMap<MilestoneExportRow>
    {
        public ExportMap()
        {
            Map(r => r.Company).Name("company");
            Map(r => r.ExternalId).Name("external_id");
            Map(r => r.Industry).Name("industry");
            Map(r => r.FoundedOn).Name("founded_on");
            Map(r => r.Track).Name("track");
            Map(r => r.Milestone).Name("milestone");
            Map(r => r.AchievedAt).Name("achieved_at");
            Map(r => r.EvidenceNote).Name("evidence_note");
            Map(r => r.EvidenceUrl).Name("evidence_url");
        }
    }
}

public sealed record MilestoneExportRow(string Company, string? ExternalId, string? Industry, DateOnly? FoundedOn, string Track, string Milestone, DateTime AchievedAt, string? EvidenceNote, string? EvidenceUrl);
