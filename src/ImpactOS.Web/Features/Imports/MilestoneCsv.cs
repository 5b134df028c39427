using System.Globalization;
using System.Runtime.CompilerServices;
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
    string? EvidenceUrl,
    string? Domains = null,
    string? Outcome = null,
    string? OutcomeOn = null)
{
    /// <summary>A row that gives only the company's outcome, no achievement.</summary>
    public bool OutcomeOnly => string.IsNullOrWhiteSpace(Milestone) && string.IsNullOrWhiteSpace(AchievedAt) && !string.IsNullOrWhiteSpace(Outcome);
}

public sealed record ImportError(int Row, string Column, string Message);

/// <summary>The milestones CSV format (docs/import-format.md): one achievement a row, read as a
/// stream (one row in memory at a time). Reading never throws on bad data: every problem becomes an
/// error with its row and column; text that cannot be trusted (not UTF-8, a quoted field that is
/// never closed properly) is one error naming its line, and reading stops there.</summary>
public static class MilestoneCsv
{
    public static readonly string[] Columns = ["company", "external_id", "industry", "founded_on", "track", "milestone", "achieved_at", "evidence_note", "evidence_url", "domains", "outcome", "outcome_on"];

    /// <summary>The data rows of <paramref name="stream"/> (UTF-8); problems are added to <paramref name="errors"/>.
    /// With a problem in the header nothing is read; with unreadable text, reading stops at it.</summary>
    public static async IAsyncEnumerable<MilestoneCsvRow> ReadAsync(Stream stream, List<ImportError> errors, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cursor = new Cursor(stream);
        if (!await cursor.NextNonBlankAsync(errors, cancellationToken))
        {
            if (errors.Count == 0)
            {
                errors.Add(new ImportError(1, "", "The file is empty; it needs a header row: " + string.Join(",", Columns)));
            }

            yield break;
        }

        var header = cursor.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        // A file of outcomes only needs no achievement columns.
        foreach (var required in header.Contains("outcome") ? [] : new[] { "milestone", "achieved_at" })
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
            yield break;
        }

        var at = Columns.Select(column => header.IndexOf(column)).ToArray();
        while (await cursor.NextNonBlankAsync(errors, cancellationToken))
        {
            var fields = cursor.Fields;
            string? Field(int column) => at[column] >= 0 && at[column] < fields.Length ? CsvOutput.Restore(fields[at[column]]) : null;
            yield return new MilestoneCsvRow(cursor.Row, Field(0), Field(1), Field(2), Field(3), Field(4), Field(5), Field(6), Field(7), Field(8), Field(9), Field(10), Field(11));
        }
    }

    /// <summary>The CSV parser over strict UTF-8, and where each record starts: a quoted field
    /// left open (or with a lone quote inside) would swallow the lines after it into one cell, so
    /// it is an error that names the line the field opens on.</summary>
    private sealed class Cursor : IDisposable
    {
        private readonly StrictUtf8Reader _text;
        private readonly CsvParser _csv;
        private (string Field, string Record)? _badQuote;

        /// <summary>The line the next record starts on (blank lines are records too, so none is skipped unseen).</summary>
        private int _nextLine = 1;

        public Cursor(Stream stream)
        {
            _text = new StrictUtf8Reader(stream);
            _csv = new CsvParser(_text, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                BadDataFound = OnBadData,
                MissingFieldFound = null,
                DetectDelimiter = false,
                TrimOptions = TrimOptions.None,
                IgnoreBlankLines = false,
            });
        }

        /// <summary>The fields of the record just read.</summary>
        public string[] Fields { get; private set; } = [];

        /// <summary>The number of the record just read (the header is 1; blank lines count).</summary>
        public int Row => _csv.Row;

        /// <summary>Reads to the next record with something in it; false at the end or at a problem (added to <paramref name="errors"/>).</summary>
        public async Task<bool> NextNonBlankAsync(List<ImportError> errors, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = _nextLine;
                try
                {
                    if (!await _csv.ReadAsync())
                    {
                        return false;
                    }

                    // Fields are parsed when asked for: CsvHelper reports a bad quote only then.
                    Fields = _csv.Record ?? [];
                }
                catch (CsvTextException e)
                {
                    errors.Add(new ImportError(e.Line, "", e.Message));
                    return false;
                }
                catch (CsvHelperException e)
                {
                    errors.Add(new ImportError(_csv.Row, "", "The row cannot be read: " + e.Message.Split('\n')[0]));
                    return false;
                }

                if (_badQuote is { } bad)
                {
                    var opensOn = line + bad.Record.AsSpan(0, Math.Max(0, bad.Record.IndexOf(bad.Field, StringComparison.Ordinal))).Count('\n');
                    errors.Add(new ImportError(opensOn, "", $"The quoted field that opens on line {opensOn} is not closed properly: end it with a quote, and write a quote inside it twice (\"\"). Nothing after it could be read."));
                    return false;
                }

                _nextLine = _csv.RawRow + 1;
                if (!Fields.All(string.IsNullOrWhiteSpace))
                {
                    return true;
                }
            }
        }

        /// <summary>CsvHelper's report of a quote out of place. A quote inside a field that is not
        /// quoted (<c>5" screen</c>) is read as written, as before; a quoted field that is never
        /// closed, or has a lone quote inside, is kept to be reported.</summary>
        private void OnBadData(BadDataFoundArgs args)
        {
            if (_badQuote is null && args.Field.StartsWith('"'))
            {
                _badQuote = (args.Field, args.RawRecord);
            }
        }

        public void Dispose()
        {
            _csv.Dispose();
            _text.Dispose();
        }
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
            Map(r => r.Outcome).Name("outcome");
            Map(r => r.OutcomeOn).Name("outcome_on");
        }
    }
}

public sealed record MilestoneExportRow(string Company, string? ExternalId, string? Industry, DateOnly? FoundedOn, string Track, string Milestone, DateTime AchievedAt, string? EvidenceNote, string? EvidenceUrl, string Outcome = "active", DateOnly? OutcomeOn = null);
