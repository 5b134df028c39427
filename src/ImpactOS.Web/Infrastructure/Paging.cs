using System.Buffers.Text;
using System.Text.Json;

namespace ImpactOS.Web.Infrastructure;

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Opaque keyset cursors: the sort key of the last item seen, serialized and base64url
/// encoded. Never an offset, so page 1,000 costs what page 1 costs.</summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode<T>(T position) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static bool TryDecode<T>(string? cursor, out T? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            if (cursor.Length > 1024)
            {
                return false;
            }

            position = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor));
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Checks <c>limit</c> and <c>cursor</c> together; adds errors under their names.</summary>
    public static int Limit(ValidationErrors errors, int? limit, int defaultLimit = DefaultLimit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Between 1 and {MaxLimit}.");
            return defaultLimit;
        }

        return limit ?? defaultLimit;
    }
}
