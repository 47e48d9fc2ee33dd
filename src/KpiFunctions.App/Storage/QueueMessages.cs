using System.Text.Json;
using System.Text.Json.Serialization;

namespace KpiFunctions.App.Storage;

/// <summary>
/// A message on the <c>render-report</c> queue: render the report of one period. Ids and dates only.
/// </summary>
/// <param name="ClientId">The client.</param>
/// <param name="ReportId">The report: its period key, <c>yyyy-MM-dd_yyyy-MM-dd</c>.</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="Compare">The comparison the report shows: <c>previouscalendar</c> (or <c>previous_calendar</c>), <c>previous</c> or <c>year</c> (case-insensitive).</param>
public sealed record RenderReportMessage(string ClientId, string ReportId, DateOnly From, DateOnly To, string Compare);

/// <summary>A message on the <c>deliver-report</c> queue: e-mail a rendered report.</summary>
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
    int? Attempt = null);

/// <summary>A message on the <c>ingest-account</c> queue: fetch one connected account's metrics from its platform.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="AccountId">The account.</param>
/// <param name="RunId">The run this message does (a retry after throttling continues the same run).</param>
/// <param name="From">The first day to fetch; null: from the account's <c>syncedThrough</c> minus the lookback window.</param>
/// <param name="To">The last day; null: the account's last complete day.</param>
/// <param name="Attempt">Which attempt this is after throttling; null: the first.</param>
public sealed record IngestAccountMessage(
    string ClientId,
    string AccountId,
    string RunId,
    DateOnly? From = null,
    DateOnly? To = null,
    int? Attempt = null);

/// <summary>
/// The one JSON shape of every queue message, for the app, both hosts' triggers and the tests: camelCase names,
/// nulls left out.
/// </summary>
public static class QueueMessages
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T message) where T : class => JsonSerializer.Serialize(message, Json);

    /// <summary>Reads a message; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static T Parse<T>(string json) where T : class =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"An empty {typeof(T).Name}.");
}
