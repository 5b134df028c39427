using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Every CSV the app hands out: UTF-8, RFC 4180, and text cells that a spreadsheet would
/// take for a formula (starting with = + - @, tab or carriage return) prefixed with an apostrophe.
/// Numbers are left alone, so a negative growth stays a number.</summary>
public static class CsvOutput
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Neutralizes a text cell against formula injection.</summary>
    public static string? Neutralize(string? text) =>
        text is { Length: > 0 } && Array.IndexOf(FormulaStarts, text[0]) >= 0 ? "'" + text : text;

    /// <summary>The inverse of <see cref="Neutralize"/>, for re-importing our own exports.</summary>
    public static string? Restore(string? text) =>
        text is { Length: > 1 } && text[0] == '\'' && Array.IndexOf(FormulaStarts, text[1]) >= 0 ? text[1..] : text;

    /// <summary>Days (or a percentage) as a CSV column shows them to the person who opens it: to two
    /// decimals (about a quarter of an hour). The JSON API keeps every digit.</summary>
    public static double? Hundredths(double? value) => value is { } v ? Math.Round(v, 2) : null;

    /// <summary>A probability in [0, 1] as a CSV column shows it: to four decimals (a hundredth of a
    /// percentage point). The JSON API keeps every digit.</summary>
    public static double? Probability(double? value) => value is { } v ? Math.Round(v, 4) : null;

    public static byte[] Write<T>(IEnumerable<T> rows, ClassMap<T>? map = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        using (var csv = Writer(writer, map))
        {
            csv.WriteRecords(rows);
        }

        return buffer.ToArray();
    }

    /// <summary>A CSV download written to the response as it is produced, for exports of millions of
    /// rows that should never sit in memory whole.</summary>
    public static IResult Streamed<T>(IEnumerable<T> rows, string fileName, ClassMap<T>? map = null) =>
        TypedResults.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
                await using var csv = Writer(writer, map);
                await csv.WriteRecordsAsync(rows);
            },
            "text/csv; charset=utf-8",
            fileName);

    /// <summary>Every CSV's settings, once: RFC 4180 line ends, neutralized text, instants to the tick.</summary>
    private static CsvWriter Writer<T>(TextWriter writer, ClassMap<T>? map)
    {
        var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        csv.Context.TypeConverterCache.AddConverter<string>(new NeutralizingStringConverter());
        // ISO 8601 in UTC, to the tick, so an exported instant re-imports as exactly the same instant.
        string[] instant = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        string[] day = ["yyyy-MM-dd"];
        csv.Context.TypeConverterOptionsCache.GetOptions<DateTime>().Formats = instant;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateTime?>().Formats = instant;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly>().Formats = day;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly?>().Formats = day;
        csv.Context.RegisterClassMap(map ?? SnakeCaseMap<T>(csv));
        return csv;
    }

    /// <summary>One header style for every CSV: the record's members in snake_case ("median_days"),
    /// as the import format spells its columns.</summary>
    private static ClassMap<T> SnakeCaseMap<T>(CsvWriter csv)
    {
        var map = csv.Context.AutoMap<T>();
        foreach (var member in map.MemberMaps)
        {
            member.Name(SnakeCase(member.Data.Member?.Name ?? member.Data.Names[0]));
        }

        return map;
    }

    /// <summary>"MedianDays" → "median_days", "P25Days" → "p25_days".</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>A CSV download.</summary>
    public static IResult File<T>(IEnumerable<T> rows, string fileName, ClassMap<T>? map = null) =>
        TypedResults.File(Write(rows, map), "text/csv; charset=utf-8", fileName);

    private sealed class NeutralizingStringConverter : StringConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            Neutralize(base.ConvertToString(value, row, memberMapData));
    }
}
