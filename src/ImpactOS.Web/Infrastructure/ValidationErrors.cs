using System.Globalization;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Collects every problem with an input (not just the first), keyed by field name as
/// the API spells it.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Checks free text: required or not, a length cap, and no characters that are never
    /// legitimate in a name or a note (NUL, which PostgreSQL refuses; other control characters;
    /// unpaired surrogates; bidirectional overrides used to disguise text). Returns the trimmed text.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false, bool multiline = false)
    {
        var text = multiline ? value?.TrimEnd() : value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"At most {maxLength} characters."));
            return null;
        }

        if (!IsCleanText(text, multiline))
        {
            Add(field, "Contains characters that are not allowed.");
            return null;
        }

        return text;
    }

    public static bool IsCleanText(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return false;
            }

            if (IsBidiControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Bidirectional embedding, override and isolate controls: they make text display in
    /// another order than it is (<c>invoice\u202Efdp.exe</c> shows as "invoiceexe.pdf").</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>An absolute http(s) link, or an error. Nothing else (javascript:, data:, file:,
    /// protocol-relative //host) is ever stored, so nothing else is ever rendered as a link.</summary>
    public string? HttpUrl(string field, string? value, int maxLength = 2000)
    {
        var text = Text(field, value, maxLength);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || text.Any(char.IsWhiteSpace))
        {
            Add(field, "Must be an absolute http:// or https:// link.");
            return null;
        }

        return uri.AbsoluteUri;
    }
}
