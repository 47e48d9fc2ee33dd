using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Delivery;

/// <summary>Round ids: <c>initial</c>, and one per resend that sorts by time.</summary>
public static partial class DeliveryRounds
{
    /// <summary>The scheduled delivery of a report.</summary>
    public const string Initial = "initial";

    /// <summary>A new round id, e.g. <c>20260402T081500Z-3f9a1c</c>.</summary>
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static bool IsValid(string round) => round == Initial || Pattern().IsMatch(round);

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Puts <see cref="DeliverReportMessage"/>s on the <c>deliver-report</c> queue: resends and retries.</summary>
public sealed class DeliveryQueue(Queues queues)
{
    /// <summary>The longest a storage queue message can stay invisible.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <summary>Enqueues <paramref name="message"/>, visible after <paramref name="delay"/> (none when zero or less).</summary>
    public Task EnqueueAsync(DeliverReportMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        TimeSpan? visibility = delay > TimeSpan.Zero ? (delay < MaxDelay ? delay : MaxDelay) : null;
        return queues.SendAsync(Queues.DeliverReport, message, visibility, cancellationToken);
    }
}
