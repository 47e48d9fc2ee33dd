using System.ComponentModel.DataAnnotations;
using System.Globalization;
using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Http;
using KpiFunctions.App.Storage;
using KpiFunctions.App.Kpis;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Reports;

/// <summary><c>/api/v1/clients/{clientId}/reports</c>: rendered reports, their files and their history.</summary>
public static class ReportsApi
{
    private static readonly ApiProblem ReportNotFoundProblem = new(StatusCodes.Status404NotFound, "Or the client has no such report.");

    private static readonly ApiProblem NotRenderedProblem = new(StatusCodes.Status409Conflict, "The report is queued or failed to render.");

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateReport", "POST", "v1/clients/{clientId}/reports", Access.Admin, RenderAsync)
        {
            Tag = "Reports",
            Body = typeof(RenderRequest),
            Summary = "Renders the report of a period now (it is delivered only when resent).",
            BodyExamples = new Dictionary<string, object> { ["application/json"] = new RenderRequest("2026-05-01", "2026-05-31", "previous_calendar") },
            AnswerExample = new ReportInfo(
                "2026-05-01_2026-05-31", new(2026, 5, 1), new(2026, 5, 31), CompareMode.PreviousCalendar, ReportStatus.Rendered, ReportTrigger.Manual,
                new DateTimeOffset(2026, 6, 2, 7, 15, 4, TimeSpan.Zero), 184_233,
                "9f2c1e4b7a0d3f6e8b5c2a1d4e7f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f",
                "3b8e1d6a9c2f5e0b7d4a1c8f3e6b9d2a5c8f1e4b7a0d3c6f9e2b5a8d1c4f7e0a",
                null,
                1,
                null),
        },
        new("GetReport", "GET", "v1/clients/{clientId}/reports/{reportId}", Access.ClientRead, GetPdfAsync)
        {
            Tag = "Reports",
            Summary = "The PDF, or with link=true a time-limited download link to it.",
            Produces = [new(StatusCodes.Status200OK, "application/pdf", "The PDF; with link=true, a JSON download link instead.")],
            Problems = [ReportNotFoundProblem, NotRenderedProblem],
        },
        new("GetReportData", "GET", "v1/clients/{clientId}/reports/{reportId}/data", Access.ClientRead, GetDataAsync)
        {
            Tag = "Reports",
            Summary = "The JSON snapshot of every number in the PDF.",
            Produces = [new(StatusCodes.Status200OK, "application/json", "The snapshot, byte for byte as stored beside the PDF (its SHA-256 is dataSha256).", typeof(ReportSnapshot.ReportData))],
            Problems = [ReportNotFoundProblem, NotRenderedProblem],
        },

        // The download behind a signed link: no key, the signature and expiry are the authorization.
        new("DownloadReport", "GET", "v1/clients/{clientId}/reports/{reportId}/download", Access.Anonymous, DownloadAsync)
        {
            Tag = "Reports",
            Summary = "The PDF behind a signed download link (GET .../reports/{reportId}?link=true); needs no key.",
            Produces = [new(StatusCodes.Status200OK, "application/pdf", "The PDF.")],
            Problems =
            [
                new(StatusCodes.Status403Forbidden, "The link has expired or was changed."),
                new(StatusCodes.Status404NotFound, "The report is gone (or never was)."),
            ],
        },
    ];

    public static async Task<Results<Created<ReportInfo>, ValidationProblem>> RenderAsync(
        Client client,
        HttpRequest request,
        ReportStore reports,
        ReportRenderer renderer,
        Queues queues,
        IOptions<ReportOptions> options,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var body = await JsonBody.ReadAsync<RenderRequest>(request, validation, cancellationToken);
        var period = body is null ? null : KpiQuery.Period(body.From, body.To, validation);
        var compare = body?.Compare is null ? (CompareMode?)null : KpiQuery.Compare(body.Compare, validation);
        if (!validation.IsValid || period is not { } p)
        {
            return validation.ToProblem("The report request has invalid fields.");
        }

        var reportId = ReportSchedule.PeriodKey(p);
        var existing = await reports.FindAsync(client.Id, reportId, cancellationToken);
        var chosen = compare ?? client.Cadence?.Compare ?? CompareMode.PreviousCalendar;
        // A period rendered before keeps its record: its generation time, version and approval stay while the PDF is the same.
        var record = existing is null
            ? new ReportRecord(client.Id, reportId, p.From, p.To, chosen, ReportStatus.Queued, ReportTrigger.Manual)
            : existing with { Compare = chosen };
        // The render is done here, at once; the same message the scheduler sends, delayed, finishes it if this process dies.
        var recovery = new RenderReportMessage(client.Id, reportId, p.From, p.To, record.Compare.ToString().ToLowerInvariant());
        await queues.SendAsync(Queues.RenderReport, recovery, options.Value.RenderRecoveryDelay, cancellationToken);
        var rendered = await renderer.RenderAsync(client, record, cancellationToken);
        return TypedResults.Created($"/api/v1/clients/{client.Id}/reports/{reportId}", ReportInfo.Of(rendered, Caller.Admin));
    }

    /// <param name="client">The client.</param>
    /// <param name="caller">Who asks: a client key reads no internal failure reasons.</param>
    /// <param name="reportId">The report (its period key).</param>
    /// <param name="link">true: answer a time-limited download link instead of the PDF.</param>
    /// <param name="reports">The report store.</param>
    /// <param name="files">The report files.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<FileContentHttpResult, Ok<DownloadLink>, ProblemHttpResult>> GetPdfAsync(
        Client client, Caller caller, string reportId, bool? link, ReportStore reports, ReportFiles files, CancellationToken cancellationToken)
    {
        var clientId = client.Id;
        if (await RenderedAsync(clientId, reportId, caller, reports, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (link == true)
        {
            var (url, expiresAt) = files.CreateDownloadLink(clientId, reportId);
            return TypedResults.Ok(new DownloadLink(url, expiresAt));
        }

        var pdf = await files.ReadPdfAsync(clientId, reportId, cancellationToken);
        return pdf is null ? NotFound(clientId, reportId) : TypedResults.File(pdf, "application/pdf", FileName(client, reportId));
    }

    /// <summary>The name a downloaded PDF is saved under: the e-mail attachment's, "Nordlys Coffee Roasters – november 2026.pdf".</summary>
    private static string FileName(Client client, string reportId) =>
        ClientRules.ReportPeriod(reportId) is { } period
            ? DeliveryEmail.ReportFileName(client.Name, client.Locale, client.Id, reportId, period)
            : $"{client.Id}-{reportId}.pdf";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDataAsync(
        Client client, Caller caller, string reportId, ReportStore reports, ReportFiles files, CancellationToken cancellationToken)
    {
        var clientId = client.Id;
        if (await RenderedAsync(clientId, reportId, caller, reports, cancellationToken) is { } problem)
        {
            return problem;
        }

        var data = await files.ReadDataAsync(clientId, reportId, cancellationToken);
        return data is null ? NotFound(clientId, reportId) : TypedResults.File(data, "application/json");
    }

    /// <param name="clientId">The client.</param>
    /// <param name="reportId">The report (its period key).</param>
    /// <param name="expires">When the link expires, in seconds since 1970-01-01 UTC.</param>
    /// <param name="sig">The link's signature.</param>
    /// <param name="files">The report files.</param>
    /// <param name="clients">The clients: the PDF is named by its client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string clientId,
        string reportId,
        [Required, Range(typeof(long), "0", "9223372036854775807")] string? expires,
        [Required] string? sig,
        ReportFiles files,
        ClientStore clients,
        CancellationToken cancellationToken)
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
        var client = await clients.FindAsync(clientId, cancellationToken);
        return pdf is null || client is null ? NotFound(clientId, reportId) : TypedResults.File(pdf, "application/pdf", FileName(client, reportId));
    }

    private static async Task<ProblemHttpResult?> RenderedAsync(
        string clientId, string reportId, Caller caller, ReportStore reports, CancellationToken cancellationToken)
    {
        var record = await reports.FindAsync(clientId, reportId, cancellationToken);
        if (record is null)
        {
            return NotFound(clientId, reportId);
        }

        return record.Status.HasFiles()
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The report is not rendered.",
                detail: $"Report '{reportId}' is {record.Status.ToString().ToLowerInvariant()}{(record.Error is null ? "" : ": " + caller.Shown(record.Error, ReportInfo.ErrorForClients))}.");
    }

    /// <summary>The answer for a report the client does not have.</summary>
    public static ProblemHttpResult NotFound(string clientId, string reportId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Report not found.",
            detail: $"Client '{clientId}' has no report '{reportId}'.");
}

/// <summary>The body of <c>POST .../reports</c>.</summary>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day (inclusive), at most 3 years after from.</param>
/// <param name="Compare">What the report compares with: the client's cadence's, else previous_calendar, when left out.</param>
public sealed record RenderRequest(
    [property: DataType(DataType.Date)] string From,
    [property: DataType(DataType.Date)] string To,
    [property: AllowedValues("previous", "previous_calendar", "year", "none")] string? Compare = null);

/// <summary>A time-limited download link.</summary>
public sealed record DownloadLink(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>A report as listed.</summary>
public record ReportInfo(
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
    string? Error,
    int Version,
    DateTimeOffset? ApprovedAt)
{
    /// <summary>A client key reads that rendering failed, not why: the reason may name files or settings of the deployment.</summary>
    public const string ErrorForClients = "The report could not be rendered; the agency has been told.";

    public static ReportInfo Of(ReportRecord r, Caller caller) =>
        new(r.ReportId, r.From, r.To, r.Compare, r.Status, r.Trigger, r.RenderedAt, r.PdfBytes, r.PdfSha256, r.DataSha256, caller.Shown(r.Error, ErrorForClients), r.Version, r.ApprovedAt);
}
