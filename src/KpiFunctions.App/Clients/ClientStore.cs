using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Reporting;

namespace KpiFunctions.App.Clients;

/// <summary>Clients in the <c>Clients</c> table: partition <c>client</c>, row key the client id.</summary>
public sealed class ClientStore(Tables tables)
{
    private const string Partition = "client";
    private const string DateFormat = "yyyy-MM-dd";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

    public async Task<Client?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await FindVersionedAsync(id, cancellationToken))?.Client;

    /// <summary>The client with the ETag to update it with, so that concurrent updates do not overwrite each other.</summary>
    public async Task<(Client Client, ETag ETag)?> FindVersionedAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Clients.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? (FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Replaces the client if it is still at <paramref name="etag"/>; false when someone changed it since.</summary>
    public async Task<bool> TryReplaceAsync(Client client, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Clients.UpdateEntityAsync(ToEntity(client), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status412PreconditionFailed)
        {
            return false;
        }
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
        ["KpiReviewMonths"] = c.KpiReviewMonths,
        ["KpiReviewedAt"] = c.KpiReviewedAt?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["CadenceFrequency"] = c.Cadence?.Frequency.ToString(),
        ["CadenceSendTime"] = c.Cadence?.SendTime,
        ["CadenceDelayDays"] = c.Cadence?.DelayDays,
        ["CadenceCompare"] = c.Cadence?.Compare.ToString(),
        ["CadenceSince"] = c.Cadence?.Since.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["Recipients"] = c.Recipients.Count == 0 ? null : JsonSerializer.Serialize(c.Recipients, Json),
        ["ReviewBeforeSending"] = c.ReviewBeforeSending,
        ["Report"] = c.Report is null ? null : JsonSerializer.Serialize(c.Report, Json),
        ["ReplyTo"] = c.ReplyTo,
    };

    private static Client FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name"),
        e.GetString("TimeZone"),
        e.GetString("Currency"),
        e.GetString("Locale"),
        e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue)
    {
        KpiReviewMonths = e.GetInt32("KpiReviewMonths") ?? Client.DefaultKpiReviewMonths,
        KpiReviewedAt = Date(e.GetString("KpiReviewedAt")),
        Cadence = e.GetString("CadenceFrequency") is { } frequency
            ? new Cadence(
                Enum.Parse<ReportFrequency>(frequency),
                e.GetString("CadenceSendTime"),
                e.GetInt32("CadenceDelayDays") ?? 0,
                Enum.Parse<CompareMode>(e.GetString("CadenceCompare")),
                Date(e.GetString("CadenceSince")) ?? DateOnly.MinValue)
            : null,
        Recipients = e.GetString("Recipients") is { } recipients
            ? JsonSerializer.Deserialize<List<Recipient>>(recipients, Json) ?? []
            : [],
        ReviewBeforeSending = e.GetBoolean("ReviewBeforeSending") ?? false,
        Report = e.GetString("Report") is { } report ? JsonSerializer.Deserialize<ReportLayout>(report, Json) : null,
        ReplyTo = e.GetString("ReplyTo"),
    };

    private static DateOnly? Date(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);
}
