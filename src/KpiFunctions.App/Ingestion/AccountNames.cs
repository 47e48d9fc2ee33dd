using KpiFunctions.App.Reports;

namespace KpiFunctions.App.Ingestion;

/// <summary>For a report's data note: the connected accounts' names (a Page's name), so accounts are not shown by their ids.</summary>
public sealed class AccountNames(AccountStore accounts) : IAccountNames
{
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(string clientId, CancellationToken cancellationToken) =>
        (await accounts.ListAsync(clientId, cancellationToken))
            .Where(a => !string.IsNullOrWhiteSpace(a.Name) && a.Name != a.Id)
            .ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
}
