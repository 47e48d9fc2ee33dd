using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// Connected accounts, in the <c>Accounts</c> table beside the platform of every pushed account (partition: the
/// client; row: the account id). An account is connected once it has an external id; disconnecting removes that and
/// the tokens and keeps the row, so its stored metrics keep their platform.
/// </summary>
public sealed class AccountStore(Tables tables)
{
    private const string DateFormat = "yyyy-MM-dd";

    public async Task<ConnectedAccount?> FindAsync(string clientId, string accountId, CancellationToken cancellationToken) =>
        (await FindEntityAsync(clientId, accountId, cancellationToken)) is { } entity ? FromEntity(entity) : null;

    /// <summary>The platform of <paramref name="accountId"/> if the client has one by that id, connected or pushed.</summary>
    public async Task<string?> PlatformAsync(string clientId, string accountId, CancellationToken cancellationToken)
    {
        var found = await tables.Accounts.GetEntityIfExistsAsync<TableEntity>(clientId, accountId, ["Platform"], cancellationToken);
        return found.HasValue ? found.Value!.GetString("Platform") : null;
    }

    /// <summary>The client's connected accounts, by id.</summary>
    public async Task<IReadOnlyList<ConnectedAccount>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var accounts = new List<ConnectedAccount>();
        await foreach (var entity in tables.Accounts.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId} and ExternalId ne ''"), cancellationToken: cancellationToken))
        {
            accounts.Add(FromEntity(entity));
        }

        return accounts;
    }

    /// <summary>Every account of every client that has tokens, for the ingestion schedule.</summary>
    public async IAsyncEnumerable<ConnectedAccount> ListWithTokensAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in tables.Accounts.QueryAsync<TableEntity>("AccessToken ne ''", cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>
    /// Creates or changes an account's connection; true when it is new. A changed platform object (another external
    /// id) starts over: its tokens and sync state go.
    /// </summary>
    public async Task<bool> PutAsync(ConnectedAccount account, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await FindEntityAsync(account.ClientId, account.Id, cancellationToken);
            var existing = stored?.GetString("ExternalId") is { Length: > 0 } ? FromEntity(stored) : null;
            var merged = existing is not null && existing.ExternalId == account.ExternalId && existing.Platform == account.Platform
                ? existing with { Name = account.Name, TimeZone = account.TimeZone }
                : account;
            try
            {
                if (stored is null)
                {
                    await tables.Accounts.AddEntityAsync(ToEntity(merged), cancellationToken);
                }
                else
                {
                    await tables.Accounts.UpdateEntityAsync(ToEntity(merged), stored.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return existing is null;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Changed since it was read: read again.
            }
        }
    }

    /// <summary>Removes the connection and its tokens; the row stays (without them) for the account's stored metrics.</summary>
    public async Task<bool> DisconnectAsync(string clientId, string accountId, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(clientId, accountId, cancellationToken) is not { } stored || stored.GetString("ExternalId") is not { Length: > 0 })
        {
            return false;
        }

        await tables.Accounts.UpdateEntityAsync(
            new TableEntity(clientId, accountId) { ["Platform"] = stored.GetString("Platform") }, ETag.All, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored account and saves it, again on a newer copy if another writer
    /// came first; null when the account is gone or disconnected (nothing is written then).
    /// </summary>
    public async Task<ConnectedAccount?> UpdateAsync(
        string clientId, string accountId, Func<ConnectedAccount, ConnectedAccount?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await FindEntityAsync(clientId, accountId, cancellationToken) is not { } stored || stored.GetString("ExternalId") is not { Length: > 0 })
            {
                return null;
            }

            if (change(FromEntity(stored)) is not { } changed)
            {
                return null;
            }

            try
            {
                await tables.Accounts.UpdateEntityAsync(ToEntity(changed), stored.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another writer came first: apply the change to its version.
            }
        }
    }

    private async Task<TableEntity?> FindEntityAsync(string clientId, string accountId, CancellationToken cancellationToken)
    {
        var found = await tables.Accounts.GetEntityIfExistsAsync<TableEntity>(clientId, accountId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static TableEntity ToEntity(ConnectedAccount account)
    {
        var entity = new TableEntity(account.ClientId, account.Id)
        {
            ["Platform"] = account.Platform,
            ["ExternalId"] = account.ExternalId,
            ["Name"] = account.Name,
            ["TimeZone"] = account.TimeZone,
            ["Status"] = account.Status.ToString(),
            ["StatusReason"] = account.StatusReason,
            ["SyncedThrough"] = account.SyncedThrough?.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["LastRun"] = account.LastRun is { } run ? JsonSerializer.Serialize(run, RunStore.Json) : null,
            ["AccessToken"] = account.Tokens?.AccessToken ?? string.Empty,
            ["RefreshToken"] = account.Tokens?.RefreshToken,
            ["TokenExpiresAt"] = account.Tokens?.ExpiresAt,
            ["RefreshExpiresAt"] = account.Tokens?.RefreshExpiresAt,
            ["ScheduledDay"] = account.Scheduled?.Day.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["ScheduledAt"] = account.Scheduled?.At,
        };
        return entity;
    }

    private static ConnectedAccount FromEntity(TableEntity entity)
    {
        var accessToken = entity.GetString("AccessToken");
        return new ConnectedAccount(
            entity.PartitionKey,
            entity.RowKey,
            entity.GetString("Platform"),
            entity.GetString("ExternalId"),
            entity.GetString("Name") ?? entity.RowKey,
            entity.GetString("TimeZone") ?? "UTC")
        {
            Status = Enum.TryParse<AccountStatus>(entity.GetString("Status"), out var status) ? status : AccountStatus.NotConnected,
            StatusReason = entity.GetString("StatusReason"),
            SyncedThrough = ParseDate(entity.GetString("SyncedThrough")),
            LastRun = entity.GetString("LastRun") is { } run ? JsonSerializer.Deserialize<RunRecord>(run, RunStore.Json) : null,
            Tokens = string.IsNullOrEmpty(accessToken)
                ? null
                : new StoredTokens(accessToken, entity.GetString("RefreshToken"), entity.GetDateTimeOffset("TokenExpiresAt"), entity.GetDateTimeOffset("RefreshExpiresAt")),
            Scheduled = ParseDate(entity.GetString("ScheduledDay")) is { } day && entity.GetDateTimeOffset("ScheduledAt") is { } at ? (day, at) : null,
        };
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
