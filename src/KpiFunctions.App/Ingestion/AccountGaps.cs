using KpiFunctions.App.Reports;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// For a report's data note: the client's connected accounts that are not <c>connected</c> now and whose data stops
/// before the period's end, with the first day missing, so that a client never reads the gap as a drop.
/// </summary>
public sealed class AccountGaps(AccountStore accounts) : IDataGaps
{
    public async Task<IReadOnlyList<AccountGap>> GapsAsync(string clientId, DateRange period, CancellationToken cancellationToken) =>
        [
            .. (await accounts.ListAsync(clientId, cancellationToken))
                .Where(a => (a.Tokens is null || a.Status != AccountStatus.Connected) && !(a.SyncedThrough >= period.To))
                .Select(a => new AccountGap(a.Id, a.Platform, a.SyncedThrough is { } s && s >= period.From ? s.AddDays(1) : period.From, a.Name))
                .OrderBy(g => g.AccountId, StringComparer.Ordinal),
        ];
}
