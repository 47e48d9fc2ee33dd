using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Auth;

/// <summary>
/// The API's rate limits, with .NET's rate limiters (those of ASP.NET Core's rate-limiting middleware), applied by the
/// gate in both hosts: failed authentications per client address (a guesser is stopped, whatever key it tries next),
/// and requests per client key (one integration cannot starve the others). Each answers how long to wait.
/// </summary>
public sealed class RequestLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string> _keys;

    public RequestLimits(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var auth = options.Value;
        _failures = PerMinute(auth.FailedAttemptsPerMinute);
        _keys = PerMinute(auth.ClientKeyRequestsPerMinute);
    }

    /// <summary>How long <paramref name="address"/> must wait when it has used up its failed attempts; null when it may try.</summary>
    public TimeSpan? FailuresExhausted(string address) => Wait(_failures.AttemptAcquire(address, permitCount: 0));

    /// <summary>Counts a failed authentication of <paramref name="address"/>; how long it must wait when that was one too many.</summary>
    public TimeSpan? Failed(string address) => Wait(_failures.AttemptAcquire(address));

    /// <summary>Counts a request of client key <paramref name="keyId"/>; how long to wait when the key is over its quota.</summary>
    public TimeSpan? ClientKeyRequest(string keyId) => Wait(_keys.AttemptAcquire(keyId));

    public void Dispose()
    {
        _failures.Dispose();
        _keys.Dispose();
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(partition, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    private static TimeSpan? Wait(RateLimitLease lease)
    {
        using (lease)
        {
            return lease.IsAcquired ? null
                : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
                : TimeSpan.FromMinutes(1);
        }
    }
}
