using System.Globalization;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Goals;

/// <summary>A goal as agreed with the client.</summary>
public sealed record StoredGoal(string Id, string Kpi, double Target, DateOnly StartDate, DateOnly Deadline, string? Platform);

/// <summary>Goals in the <c>Goals</c> table: partition the client id, row key the goal id.</summary>
public sealed class GoalStore(Tables tables)
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Adds or replaces a goal; true when it is new.</summary>
    public async Task<bool> PutAsync(string clientId, StoredGoal goal, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(clientId, goal.Id)
        {
            ["Kpi"] = goal.Kpi,
            ["Target"] = goal.Target,
            ["StartDate"] = goal.StartDate.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["Deadline"] = goal.Deadline.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["Platform"] = goal.Platform,
        };
        try
        {
            await tables.Goals.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            await tables.Goals.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            return false;
        }
    }

    public async Task<IReadOnlyList<StoredGoal>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var goals = new List<StoredGoal>();
        var query = tables.Goals.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId}"), cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            goals.Add(FromEntity(entity));
        }

        return goals;
    }

    public async Task<StoredGoal?> FindAsync(string clientId, string goalId, CancellationToken cancellationToken)
    {
        var response = await tables.Goals.GetEntityIfExistsAsync<TableEntity>(clientId, goalId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Deletes a goal; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string clientId, string goalId, CancellationToken cancellationToken)
    {
        // The SDK answers a missing entity with a 404 response, not an exception.
        var response = await tables.Goals.DeleteEntityAsync(clientId, goalId, ETag.All, cancellationToken);
        return response.Status != StatusCodes.Status404NotFound;
    }

    private static StoredGoal FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Kpi"),
        e.GetDouble("Target") ?? 0,
        DateOnly.ParseExact(e.GetString("StartDate"), DateFormat, CultureInfo.InvariantCulture),
        DateOnly.ParseExact(e.GetString("Deadline"), DateFormat, CultureInfo.InvariantCulture),
        e.GetString("Platform"));
}
