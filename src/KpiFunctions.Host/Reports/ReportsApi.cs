using System.Globalization;
using KpiFunctions.Host.Auth;
using KpiFunctions.Host.Clients;
using KpiFunctions.Host.Delivery;
using KpiFunctions.Host.Hosting;
using KpiFunctions.Host.Kpis;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.Host.Reports;

/// <summary><c>/api/v1/clients/{clientId}/reports</c>: rendered reports, their files and their history.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder client)
    {
        var reports = client.MapGroup("/reports").WithTags("Reports");
        reports.MapPost("", RenderAsync).RequireAuthorization(Caller.AdminPolicy).Accepts<RenderRequest>("application/json")
            .WithName("RenderReport").WithSummary("Renders the report of a period now (it is delivered only when resent).");
        reports.MapGet("", ListAsync).WithName("ListReports").WithSummary("Every report of the client with its status, newest first.");
        reports.MapGet("/{reportId}", GetPdfAsync).WithName("GetReport")
            .WithSummary("The PDF, or with link=true a time-limited download link to it.");
        reports.MapGet("/{reportId}/data", GetDataAsync).WithName("GetReportData").WithSummary("The JSON snapshot of every number in the PDF.");
        return client;
    }

    /// <summary>The download behind a signed link: no key, the signature and expiry are the authorization.</summary>
    public static RouteGroupBuilder MapReportDownload(this RouteGroupBuilder v1)
    {
        v1.MapGet("/clients/{clientId}/reports/{reportId}/download", DownloadAsync).AllowAnonymous()
            .WithTags("Reports").WithName("DownloadReport");
        return v1;
    }

    public static async Task<Results<Created<ReportInfo>, ValidationProblem, ProblemHttpResult>> RenderAsync(
        string clientId,
        RenderRequest body,
        ClientStore clients,
        ReportStore reports,
        ReportRenderer renderer,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var period = KpiQuery.Period(body.From, body.To, validation);
        var compare = body.Compare is null ? (CompareMode?)null : KpiQuery.Compare(body.Compare, validation);
        if (!validation.IsValid || period is not { } p)
        {
            return validation.ToProblem("The report request has invalid fields.");
        }

        if (await clients.FindAsync(clientId, cancellationToken) is not { } client)
        {
            return Problems.ClientNotFound(clientId);
        }

        var reportId = ReportSchedule.PeriodKey(p);
        var existing = await reports.FindAsync(clientId, reportId, cancellationToken);
        var record = new ReportRecord(
            clientId, reportId, p.From, p.To,
            compare ?? client.Cadence?.Compare ?? CompareMode.Previous,
            ReportStatus.Queued,
            existing?.Trigger ?? ReportTrigger.Manual) { DeliveryQueuedAt = existing?.DeliveryQueuedAt };
        var rendered = await renderer.RenderAsync(client, record, cancellationToken);
        return TypedResults.Created($"/api/v1/clients/{clientId}/reports/{reportId}", ReportInfo.Of(rendered));
    }

    public static async Task<Results<Ok<List<ReportInfo>>, ProblemHttpResult>> ListAsync(
        string clientId, ClientStore clients, ReportStore reports, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        if (await clients.FindAsync(clientId, cancellationToken) is null)
        {
            return Problems.ClientNotFound(clientId);
        }

        var sent = await deliveries.SummarizeAsync(clientId, cancellationToken);
        return TypedResults.Ok((await reports.ListAsync(clientId, cancellationToken))
            .Select(r => ReportInfo.Of(r) with { Deliveries = sent.GetValueOrDefault(r.ReportId) })
            .ToList());
    }

    /// <param name="clientId">The client.</param>
    /// <param name="reportId">The report (its period key).</param>
    /// <param name="link">true: answer a time-limited download link instead of the PDF.</param>
    /// <param name="reports">The report store.</param>
    /// <param name="files">The report files.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<FileContentHttpResult, Ok<DownloadLink>, ProblemHttpResult>> GetPdfAsync(
        string clientId, string reportId, bool? link, ReportStore reports, ReportFiles files, CancellationToken cancellationToken)
    {
        if (await RenderedAsync(clientId, reportId, reports, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (link == true)
        {
            var (url, expiresAt) = files.CreateDownloadLink(clientId, reportId);
            return TypedResults.Ok(new DownloadLink(url, expiresAt));
        }

        var pdf = await files.ReadPdfAsync(clientId, reportId, cancellationToken);
        return pdf is null ? NotFound(clientId, reportId) : TypedResults.File(pdf, "application/pdf", $"{clientId}-{reportId}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDataAsync(
        string clientId, string reportId, ReportStore reports, ReportFiles files, CancellationToken cancellationToken)
    {
        if (await RenderedAsync(clientId, reportId, reports, cancellationToken) is { } problem)
        {
            return problem;
        }

        var data = await files.ReadDataAsync(clientId, reportId, cancellationToken);
        return data is null ? NotFound(clientId, reportId) : TypedResults.File(data, "application/json");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string clientId, string reportId, string? expires, string? sig, ReportFiles files, CancellationToken cancellationToken)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || sig is null
            || !files.IsValidLink(clientId, reportId, unix, sig))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "This download link is not valid.",
                detail: "It has expired or was changed. Ask the agency for a new link.");
        }

        var pdf = await files.ReadPdfAsync(clientId, reportId, cancellationToken);
        return pdf is null ? NotFound(clientId, reportId) : TypedResults.File(pdf, "application/pdf", $"{clientId}-{reportId}.pdf");
    }

    private static async Task<ProblemHttpResult?> RenderedAsync(
        string clientId, string reportId, ReportStore reports, CancellationToken cancellationToken)
    {
        var record = ClientRules.IsValidReportId(reportId) ? await reports.FindAsync(clientId, reportId, cancellationToken) : null;
        if (record is null)
        {
            return NotFound(clientId, reportId);
        }

        return record.Status == ReportStatus.Rendered
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The report is not rendered.",
                detail: $"Report '{reportId}' is {record.Status.ToString().ToLowerInvariant()}{(record.Error is null ? "" : ": " + record.Error)}.");
    }

    private static ProblemHttpResult NotFound(string clientId, string reportId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Report not found.",
            detail: $"Client '{clientId}' has no report '{reportId}'.");
}

/// <summary>The body of <c>POST .../reports</c>.</summary>
public sealed record RenderRequest(string? From, string? To, string? Compare);

/// <summary>A time-limited download link.</summary>
public sealed record DownloadLink(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>A report as listed.</summary>
public sealed record ReportInfo(
    string Id,
    DateOnly From,
    DateOnly To,
    CompareMode Compare,
    ReportStatus Status,
    ReportTrigger Trigger,
    DateTimeOffset? RenderedAt,
    long? PdfBytes,
    string? PdfSha256,
    string? DataSha256,
    string? Error)
{
    /// <summary>The report's e-mails by status, over all rounds; null when none was sent or tried.</summary>
    public DeliverySummary? Deliveries { get; init; }

    public static ReportInfo Of(ReportRecord r) =>
        new(r.ReportId, r.From, r.To, r.Compare, r.Status, r.Trigger, r.RenderedAt, r.PdfBytes, r.PdfSha256, r.DataSha256, r.Error);
}
