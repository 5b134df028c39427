using System.Security.Cryptography;
using System.Text;
using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>One secret address of a user's calendar feed. Only the SHA-256 of the token is kept
/// (a lookup hash: the token is 256 random bits, so nothing is gained by a slow password hash), so
/// the address is shown once, when it is made. Revoking sets <see cref="RevokedAt"/>; the row stays,
/// as the history of the user's addresses. A user has at most one active address.</summary>
public sealed class CalendarFeedToken : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>SHA-256 of the token's text.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>Bytes of randomness in a token (256 bits).</summary>
    private const int TokenBytes = 32;

    /// <summary>The longest text that can be a token (43 base64url characters); anything longer is
    /// refused before it is hashed.</summary>
    public const int TokenLength = 43;

    /// <summary>A new token from the system's cryptographic random source, as URL-safe text.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether a text is shaped like a token this app hands out (so a lookup is worth it).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class CalendarFeedTokenConfiguration : IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<CalendarFeedToken> b)
    {
        b.ToTable("calendar_feed_tokens");
        b.Property(t => t.Id).HasDefaultRandomUuid();
        b.Property(t => t.TokenHash).IsRequired().HasMaxLength(32);
        b.Property(t => t.CreatedAt).HasDefaultNow();
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        // The one index that does not lead with the tenant: a calendar app's request names no
        // tenant, only the token, and finds its tenant through this index.
        b.HasIndex(t => t.TokenHash).IsUnique();
        // At most one active address per user (a second concurrent "create" is a conflict).
        b.HasIndex(t => new { t.TenantId, t.UserId }).IsUnique().HasFilter("revoked_at IS NULL").HasDatabaseName("ix_calendar_feed_tokens_active");
        b.HasIndex(t => new { t.TenantId, t.UserId, t.CreatedAt });
    }
}
