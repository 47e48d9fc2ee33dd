using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Delivery;

/// <summary>Where one recipient's e-mail of one round stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed for sending: the SMTP conversation is running, or the process died in it (outcome unknown).</summary>
    Sending,

    /// <summary>The SMTP server accepted the message.</summary>
    Sent,

    /// <summary>Not sent; <see cref="RecipientDelivery.NextAttemptAt"/> says whether it is tried again.</summary>
    Failed,
}

/// <summary>One recipient in one delivery round of a report.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="ReportId">The report (its period key).</param>
/// <param name="Round">The round: <c>initial</c> for the scheduled delivery, one id per resend.</param>
/// <param name="Email">The recipient's normalized address.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">SMTP attempts so far.</param>
public sealed record RecipientDelivery(string ClientId, string ReportId, string Round, string Email, DeliveryStatus Status, int Attempts)
{
    /// <summary>Why it failed.</summary>
    public string? Reason { get; init; }

    /// <summary>When the next attempt is due, for a failure that is retried; null when the failure is final.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it was claimed for sending: a claim older than <see cref="DeliveryStore.SendingLease"/> is dead.</summary>
    public DateTimeOffset? SendingAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The e-mail's Message-Id, the same for every attempt of this recipient in this round.</summary>
    public string? MessageId { get; init; }

    /// <summary>The SMTP server's final answer, e.g. <c>250 OK: queued as ...</c>.</summary>
    public string? SmtpResponse { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The row's version, for conditional updates; default for a row not stored yet.</summary>
    public ETag ETag { get; init; }

    public bool WillRetry => Status == DeliveryStatus.Failed && NextAttemptAt is not null;
}

/// <summary>A report's e-mails by status, over all its rounds.</summary>
public sealed record DeliverySummary(int Sent, int Failed, int Sending);

/// <summary>
/// Per-recipient delivery state in the <c>Deliveries</c> table: partition <c>{clientId}|{reportId}</c>, row key
/// <c>{round}|{address}</c> (lower case). Every change of state is conditional on the row's ETag, so that of two
/// workers racing for one recipient exactly one wins.
/// </summary>
public sealed class DeliveryStore(Tables tables)
{
    /// <summary>
    /// A <c>sending</c> claim older than this was left by a process that died or hung: no live sender holds one this
    /// long, as every SMTP step has a timeout far below it.
    /// </summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(10);

    public async Task<RecipientDelivery?> FindAsync(string clientId, string reportId, string round, string email, CancellationToken cancellationToken)
    {
        var response = await tables.Deliveries.GetEntityIfExistsAsync<TableEntity>(
            Partition(clientId, reportId), RowKey(round, email), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Every recipient of every round of the report, the initial round first, then the resends in order.</summary>
    /// <summary>How many recipients of each of the client's reports are sent, failed and sending, over all rounds.</summary>
    public async Task<Dictionary<string, DeliverySummary>> SummarizeAsync(string clientId, CancellationToken cancellationToken)
    {
        // One range scan over every report's partition: '}' follows '|', and neither appears in ids.
        var summaries = new Dictionary<string, DeliverySummary>(StringComparer.Ordinal);
        var query = tables.Deliveries.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey gt {clientId + "|"} and PartitionKey lt {clientId + "}"}"),
            select: ["PartitionKey", "Status"],
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            var reportId = entity.PartitionKey[(clientId.Length + 1)..];
            var summary = summaries.GetValueOrDefault(reportId) ?? new DeliverySummary(0, 0, 0);
            summaries[reportId] = Enum.Parse<DeliveryStatus>(entity.GetString("Status"), ignoreCase: true) switch
            {
                DeliveryStatus.Sent => summary with { Sent = summary.Sent + 1 },
                DeliveryStatus.Failed => summary with { Failed = summary.Failed + 1 },
                _ => summary with { Sending = summary.Sending + 1 },
            };
        }

        return summaries;
    }

    public async Task<List<RecipientDelivery>> ListAsync(string clientId, string reportId, CancellationToken cancellationToken)
    {
        var rows = new List<RecipientDelivery>();
        var query = tables.Deliveries.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition(clientId, reportId)}"), cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            rows.Add(FromEntity(entity));
        }

        return rows
            .OrderBy(r => r.Round == DeliveryRounds.Initial ? 0 : 1)
            .ThenBy(r => r.Round, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Writes <paramref name="row"/> if the stored row is still the one read (<see cref="RecipientDelivery.ETag"/> of
    /// <paramref name="current"/>), or inserts it when <paramref name="current"/> is null and there is none. Returns the
    /// row with its new ETag, or null when someone else changed it first.
    /// </summary>
    public async Task<RecipientDelivery?> TryWriteAsync(RecipientDelivery? current, RecipientDelivery row, CancellationToken cancellationToken)
    {
        var entity = ToEntity(row);
        try
        {
            var response = current is null
                ? await tables.Deliveries.AddEntityAsync(entity, cancellationToken)
                : await tables.Deliveries.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return row with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed or StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the outcome of a send this worker claimed. Unconditional: the claimant knows what happened, and that
    /// must win even over a claim taken for dead in the meantime.
    /// </summary>
    public async Task WriteOutcomeAsync(RecipientDelivery row, CancellationToken cancellationToken) =>
        await tables.Deliveries.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken);

    private static string Partition(string clientId, string reportId) => $"{clientId}|{reportId}";

    // Table keys may not hold / \ # ? or control characters, which an address may: such an address is keyed by its hash.
    private static string RowKey(string round, string email)
    {
        var key = EmailAddress.Key(email);
        return $"{round}|" + (key.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+')
            ? key
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }

    private static TableEntity ToEntity(RecipientDelivery r) => new(Partition(r.ClientId, r.ReportId), RowKey(r.Round, r.Email))
    {
        ["ClientId"] = r.ClientId,
        ["ReportId"] = r.ReportId,
        ["Round"] = r.Round,
        ["Email"] = r.Email,
        ["Status"] = r.Status.ToString(),
        ["Attempts"] = r.Attempts,
        ["Reason"] = r.Reason,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["SendingAt"] = r.SendingAt,
        ["SentAt"] = r.SentAt,
        ["MessageId"] = r.MessageId,
        ["SmtpResponse"] = r.SmtpResponse,
        ["UpdatedAt"] = r.UpdatedAt,
    };

    private static RecipientDelivery FromEntity(TableEntity e) => new(
        e.GetString("ClientId"),
        e.GetString("ReportId"),
        e.GetString("Round"),
        e.GetString("Email"),
        Enum.Parse<DeliveryStatus>(e.GetString("Status")),
        e.GetInt32("Attempts") ?? 0)
    {
        Reason = e.GetString("Reason"),
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        SendingAt = e.GetDateTimeOffset("SendingAt"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        MessageId = e.GetString("MessageId"),
        SmtpResponse = e.GetString("SmtpResponse"),
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
        ETag = e.ETag,
    };
}
