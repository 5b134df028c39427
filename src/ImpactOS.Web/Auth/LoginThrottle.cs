using System.Threading.RateLimiting;
using ImpactOS.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Auth;

/// <summary>Failed sign-ins are limited tightly per account (password guessing against one person)
/// while the per-address limit stays generous, so an office behind one address is not locked out.</summary>
public sealed class LoginThrottle : IDisposable
{
    public const string AddressPolicy = "login-per-address";

    private readonly PartitionedRateLimiter<string> _failures;

    public LoginThrottle(IOptions<ImpactOsOptions> options)
    {
        var limit = options.Value.Auth.FailedLoginsPerAccountPerMinute;
        _failures = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(
            account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>True while the account has used up its failed attempts; gives how long to wait.</summary>
    public bool IsLockedOut(string account, out TimeSpan retryAfter)
    {
        using var probe = _failures.AttemptAcquire(Normalize(account), 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return !probe.IsAcquired;
    }

    public void RecordFailure(string account)
    {
        using var _ = _failures.AttemptAcquire(Normalize(account));
    }

    private static string Normalize(string account) => account.Trim().ToUpperInvariant();

    public void Dispose() => _failures.Dispose();
}
