using Azure.Data.Tables;

namespace KpiFunctions.App.Storage;

/// <summary>Writes many entities in transactions: up to 100 entities of one partition each, a few at a time.</summary>
public static class TableBatches
{
    /// <summary>The most entities one transaction takes.</summary>
    public const int BatchSize = 100;

    private const int ParallelBatches = 4;

    /// <summary>Upserts (merges) <paramref name="entities"/>; each transaction is idempotent, so a retry is safe.</summary>
    public static Task UpsertMergeAsync(this TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            entities.GroupBy(e => e.PartitionKey).SelectMany(partition => partition.Chunk(BatchSize)),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(
                batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), ct));
}
