using Azure.Data.Tables;
using KpiFunctions.App.Storage;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Reports;

/// <summary>
/// The agency's commentary per report period in the <c>Commentaries</c> table (partition the client id, row key the
/// report id). Kept apart from the report's record so that it can be written before the period's report exists.
/// </summary>
public sealed class CommentaryStore(Tables tables)
{
    public async Task<Commentary?> FindAsync(string clientId, string reportId, CancellationToken cancellationToken)
    {
        var response = await tables.Commentaries.GetEntityIfExistsAsync<TableEntity>(clientId, reportId, cancellationToken: cancellationToken);
        return response.HasValue ? new Commentary(response.Value!.GetString("Summary"), response.Value.GetString("NextSteps")) : null;
    }

    public Task SaveAsync(string clientId, string reportId, Commentary commentary, DateTimeOffset now, CancellationToken cancellationToken) =>
        tables.Commentaries.UpsertEntityAsync(
            new TableEntity(clientId, reportId) { ["Summary"] = commentary.Summary, ["NextSteps"] = commentary.NextSteps, ["UpdatedAt"] = now },
            TableUpdateMode.Replace,
            cancellationToken);

    public Task DeleteAsync(string clientId, string reportId, CancellationToken cancellationToken) =>
        tables.Commentaries.DeleteEntityAsync(clientId, reportId, cancellationToken: cancellationToken);
}
