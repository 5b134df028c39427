using System.IO.Compression;
using System.Text;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Evidence;

/// <summary>What a file really is, read from its bytes, never from its name or the type the
/// browser claims. Only proof-like formats are allowed: PDF, images (PNG, JPEG, GIF, WebP), plain
/// text and CSV, and Office documents. HTML, SVG and scripts are refused even when renamed.</summary>
public static class EvidenceTypes
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static async Task<string?> DetectAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var head = new byte[16];
        content.Position = 0;
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        content.Position = 0;
        var bytes = head.AsSpan(0, read);
        if (bytes.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (read >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return LegacyOfficeType(fileName);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return OfficeOpenXmlType(content);
        }

        return await IsPlainTextAsync(content, cancellationToken)
            ? Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "text/plain"
            : null;
    }

    public const int MaxFileNameLength = 255;

    /// <summary>The file name extensions of each accepted type, the usual one first.</summary>
    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg"],
        ["image/gif"] = [".gif"],
        ["image/webp"] = [".webp"],
        ["text/plain"] = [".txt"],
        ["text/csv"] = [".csv"],
        ["application/msword"] = [".doc"],
        ["application/vnd.ms-excel"] = [".xls"],
        ["application/vnd.ms-powerpoint"] = [".ppt"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [".docx"],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [".xlsx"],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [".pptx"],
    };

    /// <summary>The name a proof file is stored, listed and downloaded under: the uploaded name
    /// cleaned (<see cref="CleanFileName"/>), ending in an extension of the type its content was
    /// found to be, so what the name says is what opens (a PDF sent as <c>report.txt</c> is
    /// <c>report.pdf</c>; <c>invoice.exe</c> holding a PDF is <c>invoice.pdf</c>). The same name
    /// again gives itself.</summary>
    public static string FileNameFor(string? uploaded, string contentType)
    {
        var name = CleanFileName(uploaded);
        if (!Extensions.TryGetValue(contentType, out var extensions))
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        if (extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return name;
        }

        // Another type's extension is replaced; a dot that starts no extension ("v1.2") is kept.
        var stem = LooksLikeAnExtension(extension) ? name[..^extension.Length] : name;
        stem = stem.Length + extensions[0].Length <= MaxFileNameLength ? stem : stem[..(MaxFileNameLength - extensions[0].Length)];
        return stem + extensions[0];
    }

    private static bool LooksLikeAnExtension(string extension) =>
        extension.Length is >= 2 and <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) && extension.Skip(1).Any(char.IsAsciiLetter);

    /// <summary>A file name fit for display and a download header: no folders, no control or
    /// bidirectional-control characters, no quotes, at most 255 characters. (Uploads with
    /// bidirectional controls are refused before this; dropping them here keeps names stored
    /// earlier from being shown disguised.)</summary>
    public static string CleanFileName(string? name)
    {
        var justName = (name ?? "").Replace('\\', '/');
        justName = justName[(justName.LastIndexOf('/') + 1)..];
        var cleaned = new string(justName.Where(c => !char.IsControl(c) && !ValidationErrors.IsBidiControl(c) && c is not '"' and not '\'' and not '<' and not '>' and not '`' && !char.IsSurrogate(c)).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = "evidence";
        }

        return cleaned.Length <= MaxFileNameLength ? cleaned : cleaned[..MaxFileNameLength];
    }

    private static string LegacyOfficeType(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xls" => "application/vnd.ms-excel",
        ".ppt" => "application/vnd.ms-powerpoint",
        _ => "application/msword",
    };

    /// <summary>A ZIP is only accepted as a Word, Excel or PowerPoint document.</summary>
    private static string? OfficeOpenXmlType(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }

            if (zip.GetEntry("word/document.xml") is not null)
            {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }

            if (zip.GetEntry("xl/workbook.xml") is not null)
            {
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            }

            return zip.GetEntry("ppt/presentation.xml") is not null
                ? "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>Valid UTF-8 without NUL or other control characters (tabs and line breaks aside),
    /// and not markup a browser would run.</summary>
    private static async Task<bool> IsPlainTextAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        content.Position = 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (text.Length == 0 || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return false;
        }

        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return !(start.StartsWith('<') || start.Contains("<script", StringComparison.OrdinalIgnoreCase) || start.Contains("<svg", StringComparison.OrdinalIgnoreCase));
    }
}
