using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Ingestion;

/// <summary>How a fetch run ended; shown in snake_case.</summary>
public enum RunOutcome
{
    /// <summary>Enqueued or under way.</summary>
    Running,

    /// <summary>Every day of the range fetched, every metric.</summary>
    Succeeded,

    /// <summary>Every day fetched, some metrics skipped (see the warnings).</summary>
    Partial,

    /// <summary>The platform throttled it: it continues after the wait.</summary>
    Throttled,

    /// <summary>The platform rejected the token.</summary>
    NeedsReauth,

    /// <summary>It failed; see the error.</summary>
    Failed,
}

/// <summary>One fetch of one account.</summary>
/// <param name="Id">The run id; newer runs sort first.</param>
/// <param name="StartedAt">When it was enqueued.</param>
/// <param name="From">The first day it fetches.</param>
/// <param name="To">The last day it fetches.</param>
public sealed record RunRecord(string Id, DateTimeOffset StartedAt, DateOnly? From, DateOnly? To)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public RunOutcome Outcome { get; init; } = RunOutcome.Running;

    public int RowsWritten { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string? Error { get; init; }

    /// <summary>When a throttled run continues (its message waits on the queue until then).</summary>
    public DateTimeOffset? ResumesAt { get; init; }

    /// <summary>A new run id: the inverted start time (so a partition lists newest first) and a random tail.</summary>
    public static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
}

/// <summary>The <c>Runs</c> table: one partition per account (<c>{clientId}|{accountId}</c>), one row per run.</summary>
public sealed class RunStore(Tables tables)
{
    /// <summary>The runs a history answer shows at most.</summary>
    public const int MaxListed = 100;

    public Task SaveAsync(string clientId, string accountId, RunRecord run, CancellationToken cancellationToken) =>
        tables.Runs.UpsertEntityAsync(ToEntity(clientId, accountId, run), TableUpdateMode.Replace, cancellationToken);

    public async Task<RunRecord?> FindAsync(string clientId, string accountId, string runId, CancellationToken cancellationToken)
    {
        var found = await tables.Runs.GetEntityIfExistsAsync<TableEntity>(Partition(clientId, accountId), runId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    /// <summary>The account's runs, newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(string clientId, string accountId, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        var query = tables.Runs.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition(clientId, accountId)}"), maxPerPage: MaxListed, cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            runs.Add(FromEntity(entity));
            if (runs.Count == MaxListed)
            {
                break;
            }
        }

        return runs;
    }

    private static string Partition(string clientId, string accountId) => $"{clientId}|{accountId}";

    internal static TableEntity ToEntity(string clientId, string accountId, RunRecord run) => new(Partition(clientId, accountId), run.Id)
    {
        ["Run"] = JsonSerializer.Serialize(run, Json),
    };

    internal static RunRecord FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize<RunRecord>(entity.GetString("Run"), Json)!;

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
