using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KpiFunctions.Host.Storage;

namespace KpiFunctions.Host.Delivery;

/// <summary>
/// A message on the <c>deliver-report</c> queue: e-mail a rendered report.
/// </summary>
/// <param name="ClientId">The client.</param>
/// <param name="ReportId">The report (its period key).</param>
/// <param name="Recipients">The addresses; null: the client's recipients as they are when the message is handled.</param>
/// <param name="Round">The round; null: the initial, scheduled one. A resend starts a new round.</param>
/// <param name="Attempt">Which attempt this message makes for its recipients; null: the first.</param>
public sealed record DeliverReportMessage(
    string ClientId,
    string ReportId,
    IReadOnlyList<string>? Recipients = null,
    string? Round = null,
    int? Attempt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a message; throws <see cref="JsonException"/> when it is not one.</summary>
    public static DeliverReportMessage Parse(string json)
    {
        var message = JsonSerializer.Deserialize<DeliverReportMessage>(json, Json);
        if (message is null || string.IsNullOrEmpty(message.ClientId) || string.IsNullOrEmpty(message.ReportId))
        {
            throw new JsonException("A deliver-report message needs clientId and reportId.");
        }

        if (message.Round is not null && !DeliveryRounds.IsValid(message.Round))
        {
            throw new JsonException($"'{message.Round}' is not a delivery round id.");
        }

        return message;
    }
}

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

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Puts <see cref="DeliverReportMessage"/>s on the <c>deliver-report</c> queue.</summary>
public sealed class DeliveryQueue(Queues queues)
{
    /// <summary>The longest a storage queue message can stay invisible.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <summary>Enqueues <paramref name="message"/>, visible after <paramref name="delay"/> (none when zero or less).</summary>
    public async Task EnqueueAsync(DeliverReportMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        TimeSpan? visibility = delay > TimeSpan.Zero ? (delay < MaxDelay ? delay : MaxDelay) : null;
        await queues.Get(Queues.DeliverReport).SendMessageAsync(message.ToJson(), visibility, cancellationToken: cancellationToken);
    }
}
