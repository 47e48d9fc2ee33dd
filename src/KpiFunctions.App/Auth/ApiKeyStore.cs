using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Auth;

/// <summary>Client keys in the <c>ApiKeys</c> table: partition <c>key</c>, row key the key id.</summary>
public sealed class ApiKeyStore(Tables tables)
{
    private const string Partition = "key";

    public Task AddAsync(ApiKey key, CancellationToken cancellationToken) =>
        tables.ApiKeys.AddEntityAsync(
            new TableEntity(Partition, key.Id)
            {
                ["ClientId"] = key.ClientId,
                ["Name"] = key.Name,
                ["CanWrite"] = key.CanWrite,
                ["SecretHash"] = key.SecretHash,
                ["CreatedAt"] = key.CreatedAt,
            },
            cancellationToken);

    public async Task<ApiKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKey>();
        var query = tables.ApiKeys.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ClientId eq {clientId}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            keys.Add(FromEntity(entity));
        }

        return keys;
    }

    /// <summary>Deletes a key of <paramref name="clientId"/>; false when there is none with that id.</summary>
    public async Task<bool> DeleteAsync(string clientId, string id, CancellationToken cancellationToken)
    {
        var key = await FindAsync(id, cancellationToken);
        if (key is null || key.ClientId != clientId)
        {
            return false;
        }

        // The SDK answers a missing entity with a 404 response, not an exception.
        var response = await tables.ApiKeys.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
        return response.Status != StatusCodes.Status404NotFound;
    }

    private static ApiKey FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("ClientId"),
        e.GetString("Name"),
        e.GetBoolean("CanWrite") ?? false,
        e.GetString("SecretHash"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
}
