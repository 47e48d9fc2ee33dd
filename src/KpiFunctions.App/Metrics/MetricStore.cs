using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Metrics;

/// <summary>
/// Daily metric rows in the <c>Metrics</c> table, one wide row per account-day: partition
/// <c>{clientId}|{accountId}</c>, row key <c>yyyy-MM-dd</c>, one property per metric. Each account's platform is
/// kept in the <c>Accounts</c> table (partition the client id, row key the account id).
/// </summary>
/// <remarks>
/// <para>
/// A partition per account, not per client: pushes and connectors write one account at a time, so its rows
/// fill 100-row transactions; each partition has its own throughput limit; and a client's rows are still one
/// key-range scan (<c>{clientId}|</c> up to <c>{clientId}}</c>: '}' follows '|', and neither can appear in ids).
/// </para>
/// <para>
/// KPI queries need a client's whole history (levels such as followers read the latest value before a period),
/// so a client's rows are cached in memory, keyed by the ETag of a version row (partition <c>{clientId}</c>,
/// outside that range) that every write replaces after its batches: while nothing changed a query costs one
/// point read, on every instance. The cache is bounded by <see cref="StorageOptions.CacheMegabytes"/> and its
/// entries expire, so a write that died before its version bump is seen within minutes. Concurrent reads of one
/// client's version share one storage read, so a push does not make every request in flight read the history again.
/// </para>
/// </remarks>
public sealed class MetricStore(Tables tables, IOptions<StorageOptions> options, TimeProvider time) : IDisposable
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string VersionRowKey = "version";

    // Bytes a cached row costs, roughly: the row and its dictionary, plus each value's entry.
    private const int RowBytes = 160;
    private const int ValueBytes = 48;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024 * 1024 });
    private readonly ConcurrentDictionary<(string Client, ETag Version), Lazy<Task<IReadOnlyList<DailyRow>>>> _reading = new();
    private long _historyReads;

    /// <summary>How many times this instance read a client's history from storage: an operator's (and a test's) gauge of the cache.</summary>
    public long HistoryReads => Interlocked.Read(ref _historyReads);

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
    /// <param name="clientId">The client.</param>
    /// <param name="rows">The rows, at most one per account-day.</param>
    /// <param name="knownAccounts">The accounts already stored (<see cref="AccountPlatformsAsync"/>); others are added.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(
        string clientId,
        IReadOnlyList<DailyRow> rows,
        IReadOnlyDictionary<string, string> knownAccounts,
        CancellationToken cancellationToken)
    {
        var newAccounts = rows
            .Where(r => !knownAccounts.ContainsKey(r.AccountId))
            .DistinctBy(r => r.AccountId)
            .Select(r => new TableEntity(clientId, r.AccountId) { ["Platform"] = r.Platform });
        var metrics = rows.Select(r =>
        {
            var entity = new TableEntity(Partition(clientId, r.AccountId), r.Date.ToString(DateFormat, CultureInfo.InvariantCulture))
            {
                ["Platform"] = r.Platform,
            };
            foreach (var (name, value) in r.Values)
            {
                entity[name] = value;
            }

            return entity;
        });

        await tables.Accounts.UpsertMergeAsync(newAccounts, cancellationToken);
        await tables.Metrics.UpsertMergeAsync(metrics, cancellationToken);
        await tables.Metrics.UpsertEntityAsync(
            new TableEntity(clientId, VersionRowKey) { ["WrittenAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
        _cache.Remove(clientId);
    }

    /// <summary>
    /// Every row of the client, in no particular order, kept in memory for the next query. KPI computations ignore
    /// rows after their period, and levels need the history before it.
    /// </summary>
    public Task<IReadOnlyList<DailyRow>> ReadAllAsync(string clientId, CancellationToken cancellationToken) =>
        ReadAsync(clientId, keep: true, cancellationToken);

    /// <summary>Every row of the client, not kept: for report renders, which read each client once.</summary>
    public Task<IReadOnlyList<DailyRow>> ReadOnceAsync(string clientId, CancellationToken cancellationToken) =>
        ReadAsync(clientId, keep: false, cancellationToken);

    private async Task<IReadOnlyList<DailyRow>> ReadAsync(string clientId, bool keep, CancellationToken cancellationToken)
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

        // One storage read per client and version, however many requests wait for it; no one request's cancellation
        // cancels it for the others.
        var key = (clientId, etag);
        var reading = _reading.GetOrAdd(key, k => new Lazy<Task<IReadOnlyList<DailyRow>>>(() => ReadFromStorageAsync(k.Client)));
        IReadOnlyList<DailyRow> rows;
        try
        {
            rows = await reading.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (reading.Value.IsCompleted)
            {
                _reading.TryRemove(KeyValuePair.Create(key, reading));
            }
        }

        if (keep)
        {
            _cache.Set(clientId, new Snapshot(etag, rows), new MemoryCacheEntryOptions
            {
                Size = rows.Sum(r => RowBytes + ((long)ValueBytes * r.Values.Count)),
                AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5),
            });
        }

        return rows;
    }

    private async Task<IReadOnlyList<DailyRow>> ReadFromStorageAsync(string clientId)
    {
        Interlocked.Increment(ref _historyReads);
        var rows = new List<DailyRow>();
        var query = tables.Metrics.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey gt {clientId + "|"} and PartitionKey lt {clientId + "}"}"));
        await foreach (var entity in query)
        {
            rows.Add(ToRow(entity));
        }

        return rows;
    }

    /// <summary>When the client's metrics were last pushed; null when never.</summary>
    public async Task<DateTimeOffset?> LastWrittenAsync(string clientId, CancellationToken cancellationToken)
    {
        var version = await tables.Metrics.GetEntityIfExistsAsync<TableEntity>(
            clientId, VersionRowKey, select: ["WrittenAt"], cancellationToken: cancellationToken);
        return version.HasValue ? version.Value!.GetDateTimeOffset("WrittenAt") : null;
    }

    public void Dispose() => _cache.Dispose();

    private static string Partition(string clientId, string accountId) => $"{clientId}|{accountId}";

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
            DateOnly.ParseExact(entity.RowKey, DateFormat, CultureInfo.InvariantCulture),
            entity.PartitionKey[(entity.PartitionKey.IndexOf('|', StringComparison.Ordinal) + 1)..],
            entity.GetString("Platform"),
            values);
    }
}
