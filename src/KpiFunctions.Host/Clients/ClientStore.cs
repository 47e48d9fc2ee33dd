using Azure;
using Azure.Data.Tables;
using KpiFunctions.Host.Storage;

namespace KpiFunctions.Host.Clients;

/// <summary>Clients in the <c>Clients</c> table: partition <c>client</c>, row key the client id.</summary>
public sealed class ClientStore(Tables tables)
{
    private const string Partition = "client";

    /// <summary>Adds a client; false when the id is taken.</summary>
    public async Task<bool> TryAddAsync(Client client, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Clients.AddEntityAsync(ToEntity(client), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    public async Task<Client?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Clients.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Client>> ListAsync(CancellationToken cancellationToken)
    {
        var clients = new List<Client>();
        await foreach (var entity in tables.Clients.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            clients.Add(FromEntity(entity));
        }

        return clients;
    }

    private static TableEntity ToEntity(Client c) => new(Partition, c.Id)
    {
        ["Name"] = c.Name,
        ["TimeZone"] = c.TimeZone,
        ["Currency"] = c.Currency,
        ["Locale"] = c.Locale,
        ["CreatedAt"] = c.CreatedAt,
    };

    private static Client FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name"),
        e.GetString("TimeZone"),
        e.GetString("Currency"),
        e.GetString("Locale"),
        e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue);
}
