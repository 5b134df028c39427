using System.Security.Cryptography;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Features.Imports;

public enum ClaimOutcome
{
    Claimed,
    AlreadyImported,
    Expired,
}

/// <summary>Uploads of the Import page waiting between preview and confirm: files under the data
/// directory (outside the web root), per tenant, named by a random token. A confirm claims its
/// upload by renaming it, which the file system does for one caller only, so a preview confirmed
/// twice (a double click, two tabs, two instances) is imported once; the claimed name then stays
/// behind, emptied, so a later confirm is told the file was imported. Uploads are kept for
/// <see cref="Lifetime"/>: older ones (of every tenant) are deleted whenever a new one is stored.</summary>
public sealed class PendingImports(IOptions<ImpactOsOptions> options, CurrentUser me, TimeProvider clock, ILogger<PendingImports> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private string PendingExtension { get; init; } = ".csv";
    private string ClaimedExtension { get; init; } = ".claimed";

    /// <summary>The same store for calendar uploads, under names of their own, so the token of a CSV
    /// preview never confirms a calendar import, nor the other way round.</summary>
    public PendingImports ForCalendar() => new(options, me, clock, logger) { PendingExtension = ".ics", ClaimedExtension = ".ics-claimed" };

    private string Root => Path.Combine(options.Value.FullDataDir, "imports");

    /// <summary>Keeps an upload for preview (clearing out expired ones first); answers its token.</summary>
    public async Task<string> StoreAsync(IFormFile file, CancellationToken cancellationToken)
    {
        DeleteExpired();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(token, PendingExtension);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stored = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await file.CopyToAsync(stored, cancellationToken);
        return token;
    }

    /// <summary>The stored upload, to preview.</summary>
    public Stream OpenPending(string token) => Open(PathOf(token, PendingExtension));

    /// <summary>Forgets an upload that will not be confirmed (its preview found problems).</summary>
    public void Discard(string token) => File.Delete(PathOf(token, PendingExtension));

    /// <summary>Takes the upload for importing, if no one else has: atomic across requests and instances.</summary>
    public ClaimOutcome Claim(string token)
    {
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower))
        {
            return ClaimOutcome.Expired;
        }

        var claimed = PathOf(token, ClaimedExtension);
        try
        {
            // Without overwrite, a move to a name that exists fails: one confirm wins.
            File.Move(PathOf(token, PendingExtension), claimed, overwrite: false);
        }
        catch (IOException)
        {
            return File.Exists(claimed) ? ClaimOutcome.AlreadyImported : ClaimOutcome.Expired;
        }

        if (IsExpired(claimed))
        {
            File.Delete(claimed);
            return ClaimOutcome.Expired;
        }

        return ClaimOutcome.Claimed;
    }

    /// <summary>The claimed upload, to import.</summary>
    public Stream OpenClaimed(string token) => Open(PathOf(token, ClaimedExtension));

    /// <summary>The claimed upload was imported: its content goes, its name stays (until it expires) to answer a repeat.</summary>
    public void Imported(string token) => File.WriteAllBytes(PathOf(token, ClaimedExtension), []);

    /// <summary>The claimed upload could not be imported (its rows have problems now): nothing to keep.</summary>
    public void Failed(string token) => File.Delete(PathOf(token, ClaimedExtension));

    /// <summary>The import stopped before it finished (nothing was written): the upload can be confirmed again.</summary>
    public void Release(string token) => File.Move(PathOf(token, ClaimedExtension), PathOf(token, PendingExtension), overwrite: false);

    private string PathOf(string token, string extension) => Path.Combine(Root, me.RequiredTenantId.ToString("N"), token + extension);

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);

    private bool IsExpired(string path) => File.GetLastWriteTimeUtc(path) < clock.GetUtcNow().UtcDateTime - Lifetime;

    /// <summary>Deletes every tenant's uploads and markers older than <see cref="Lifetime"/> (up to 50 MB each).</summary>
    private void DeleteExpired()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            try
            {
                if (IsExpired(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException e)
            {
                // Another request (or instance) got there first, or the file is in use: the next sweep retries.
                logger.LogDebug(e, "Could not delete the expired upload {Path}", path);
            }
        }
    }
}
