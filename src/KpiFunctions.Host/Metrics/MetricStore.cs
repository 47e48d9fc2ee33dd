using System.Globalization;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.Host.Storage;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Metrics;

/// <summary>
/// Daily metric rows in the <c>Metrics</c> table: partition the client id, row key <c>yyyy-MM-dd|accountId</c>,
/// one property per metric; and each account's platform in the <c>Accounts</c> table.
/// </summary>
/// <remarks>
/// KPI queries need a client's whole history (levels such as followers read the latest value before a period),
/// so a client's rows are cached in memory, keyed by the ETag of a version row that every write replaces after
/// its batches: a query costs one point read while nothing changed, on every instance. The cache is bounded by
/// <see cref="StorageOptions.CachedRows"/> and entries expire, so a write that died before its version bump
/// is seen within minutes.
/// </remarks>
public sealed class MetricStore(Tables tables, IOptions<StorageOptions> options, TimeProvider time) : IDisposable
{
    private const int BatchSize = 100; // the most entities one table transaction takes
    private const int ParallelBatches = 4;
    private const string DateFormat = "yyyy-MM-dd";
    private const string VersionRowKey = "~version"; // sorts after every date, so range scans never meet it

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CachedRows });

    private sealed record Snapshot(ETag Version, IReadOnlyList<DailyRow> Rows);

    /// <summary>The platform of every account the client has pushed, by account id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AccountPlatformsAsync(string clientId, CancellationToken cancellationToken)
    {
        var platforms = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = tables.Accounts.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId}"),
            select: ["RowKey", "Platform"],
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            platforms[entity.RowKey] = entity.GetString("Platform");
        }

        return platforms;
    }

    /// <summary>
    /// Upserts <paramref name="rows"/> (already validated): a row's metrics are merged into what is stored, so
    /// metrics the push does not carry keep their values. Batches are idempotent, so a retried push is safe.
    /// </summary>
    public async Task WriteAsync(string clientId, IReadOnlyList<DailyRow> rows, CancellationToken cancellationToken)
    {
        var accounts = rows
            .DistinctBy(r => r.AccountId)
            .Select(r => new TableEntity(clientId, r.AccountId) { ["Platform"] = r.Platform });
        var metrics = rows.Select(r =>
        {
            var entity = new TableEntity(clientId, RowKey(r.Date, r.AccountId))
            {
                ["Date"] = r.Date.ToString(DateFormat, CultureInfo.InvariantCulture),
                ["AccountId"] = r.AccountId,
                ["Platform"] = r.Platform,
            };
            foreach (var (name, value) in r.Values)
            {
                entity[name] = value;
            }

            return entity;
        });

        await UpsertAsync(tables.Accounts, accounts, cancellationToken);
        await UpsertAsync(tables.Metrics, metrics, cancellationToken);
        await tables.Metrics.UpsertEntityAsync(
            new TableEntity(clientId, VersionRowKey) { ["WrittenAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
        _cache.Remove(clientId);
    }

    /// <summary>
    /// Every row of the client, in no particular order. KPI computations ignore rows after their period, and
    /// levels need the history before it.
    /// </summary>
    public async Task<IReadOnlyList<DailyRow>> ReadAllAsync(string clientId, CancellationToken cancellationToken)
    {
        var version = await tables.Metrics.GetEntityIfExistsAsync<TableEntity>(
            clientId, VersionRowKey, select: ["PartitionKey"], cancellationToken: cancellationToken);
        if (!version.HasValue)
        {
            return [];
        }

        var etag = version.Value!.ETag;
        if (_cache.TryGetValue(clientId, out Snapshot? cached) && cached!.Version == etag)
        {
            return cached.Rows;
        }

        var rows = new List<DailyRow>();
        var query = tables.Metrics.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId} and RowKey lt {VersionRowKey}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            rows.Add(ToRow(entity));
        }

        _cache.Set(clientId, new Snapshot(etag, rows), new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, rows.Count),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5),
        });
        return rows;
    }

    public void Dispose() => _cache.Dispose();

    private static string RowKey(DateOnly date, string accountId) =>
        $"{date.ToString(DateFormat, CultureInfo.InvariantCulture)}|{accountId}";

    private static DailyRow ToRow(TableEntity entity)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            if (MetricCatalog.TryGet(name, out _) && value is double or int or long)
            {
                values[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
        }

        return new DailyRow(
            DateOnly.ParseExact(entity.GetString("Date"), DateFormat, CultureInfo.InvariantCulture),
            entity.GetString("AccountId"),
            entity.GetString("Platform"),
            values);
    }

    private static Task UpsertAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            entities.Chunk(BatchSize),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(
                batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), ct));
}
