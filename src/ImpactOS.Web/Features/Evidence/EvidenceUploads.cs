using System.Security.Cryptography;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Evidence;

/// <summary>A proof file whose bytes are stored: what it is, as established from its content.</summary>
public sealed record StoredEvidence(string FileName, string ContentType, long Size, string Sha256, string StorageKey);

/// <summary>The one way an uploaded proof file is accepted: not empty, at most 10 MB, a clean name,
/// a proof-like type read from its bytes; then stored under a server-made key. Milestone proof and
/// founders' claims both go through it.</summary>
public sealed class EvidenceUploads(IEvidenceStorage storage)
{
    /// <summary>Checks what can be checked without reading the file (adds to <paramref name="errors"/>).</summary>
    public static void Check(ValidationErrors errors, IFormFile? file, string field = "file")
    {
        if (file is null || file.Length == 0)
        {
            errors.Add(field, "Choose a file that is not empty.");
        }
        else if (file.Length > EvidenceTypes.MaxBytes)
        {
            errors.Add(field, "At most 10 MB.");
        }
        else if (file.FileName.Any(ValidationErrors.IsBidiControl))
        {
            // As in every other text: such a name would show as something it is not.
            errors.Add(field, "The file name contains characters that are not allowed.");
        }
    }

    /// <summary>Reads the (checked) file, refuses a type that is not proof-like, and stores it.</summary>
    public async Task<Outcome<StoredEvidence>> StoreAsync(IFormFile file, Guid tenantId, CancellationToken cancellationToken, string field = "file")
    {
        await using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        var contentType = await EvidenceTypes.DetectAsync(content, EvidenceTypes.CleanFileName(file.FileName), cancellationToken);
        if (contentType is null)
        {
            return Failure.Invalid(field, "Only PDF, PNG, JPEG, GIF, WebP, plain text, CSV and Office documents are accepted.");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
        var key = $"{tenantId:N}/{Guid.NewGuid():N}";
        content.Position = 0;
        await storage.SaveAsync(key, content, cancellationToken);
        return new StoredEvidence(EvidenceTypes.FileNameFor(file.FileName, contentType), contentType, content.Length, sha256, key);
    }

    /// <summary>A stored file's content, or null when it is missing.</summary>
    public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken) => storage.OpenAsync(key, cancellationToken);
}
