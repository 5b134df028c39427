using System.Security.Cryptography;
using System.Text;
using ImpactOS.Web.Data;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Infrastructure;

/// <summary>The stored answer to a POST sent with an <c>Idempotency-Key</c>, so a client that
/// retries (after a timeout, a dropped connection, a crash) gets the same answer and nothing is
/// done twice. Per user and key; the request's fingerprint tells a genuine retry from a reused key.</summary>
public sealed class IdempotencyRecord : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }

    /// <summary>0 while the first request is still being answered.</summary>
    public int StatusCode { get; set; }

    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(200);
        b.Property(r => r.Location).HasMaxLength(2000);
        b.Property(r => r.CreatedAt).HasDefaultNow();
        b.HasIndex(r => new { r.TenantId, r.UserId, r.Key }).IsUnique();
    }
}

/// <summary>Honours <c>Idempotency-Key</c> on the API's POSTs: the first request runs and its
/// answer (2xx or 4xx) is stored; a retry with the same key and the same request gets that answer
/// again (<c>Idempotent-Replayed: true</c>); the same key with a different request is 422; a retry
/// while the first is still running is 409.</summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const int MaxBodyToStore = 1024 * 1024;

    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) =>
        app.UseWhen(
            ctx => HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.StartsWithSegments("/api/v1") && ctx.Request.Headers.ContainsKey(Header),
            branch => branch.Use(HandleAsync));

    private static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var user = context.RequestServices.GetRequiredService<CurrentUser>();
        if (user.UserId is not { } userId || user.TenantId is null)
        {
            // Sign-in and platform routes are not replayed; the key is ignored.
            await next(context);
            return;
        }

        var key = context.Request.Headers[Header].ToString();
        if (key.Length is 0 or > 200 || key.Any(c => c is < '!' or > '~'))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Idempotency-Key must be 1 to 200 visible ASCII characters.");
            return;
        }

        var hash = await FingerprintAsync(context.Request);
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
        if (existing is not null)
        {
            await ReplayAsync(context, existing, hash);
            return;
        }

        // The record and whatever the request writes commit together, or not at all: a crash
        // leaves either both (a retry replays the answer) or neither (a retry does the work).
        await using var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);
        var record = new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = db.UtcNow };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The same key committed concurrently (the insert waited for it): answer as that request did.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var raced = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
            await ReplayAsync(context, raced, hash);
            return;
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (status >= 500 || captured.Length > MaxBodyToStore)
        {
            // A failure is not remembered, and what it may have half-written is undone.
            await transaction.RollbackAsync(CancellationToken.None);
        }
        else
        {
            record.StatusCode = status;
            record.ContentType = context.Response.ContentType;
            record.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
            record.Body = captured.ToArray();
            db.Entry(record).State = EntityState.Modified;
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for a different request.");
            return;
        }

        if (record.StatusCode == 0)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "The first request with this Idempotency-Key is still being processed.");
            return;
        }

        context.Response.StatusCode = record.StatusCode;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }

        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>SHA-256 of the route and the body, read without consuming it.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}
