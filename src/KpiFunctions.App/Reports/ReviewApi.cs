using System.Globalization;
using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Http;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Reports;

/// <summary>
/// <c>.../reports/{reportId}/commentary</c> and <c>.../approve</c>: the agency's words on a report and its review before
/// sending. Commentary can be written before the period's report exists; on a rendered report that is not sent yet it
/// renders the report again, so that what is reviewed and sent is what the agency wrote.
/// </summary>
public static class ReviewApi
{
    /// <summary>The longest summary or next-steps text, in characters.</summary>
    public const int MaxCommentaryLength = 2000;

    private static readonly ApiProblem NoCommentary = new(StatusCodes.Status404NotFound, "Or the period has no commentary.");

    private static readonly ApiProblem NotChangeableNow = new(
        StatusCodes.Status409Conflict, "The report was already delivered, or is being rendered: the commentary stays as it was.");

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("GetCommentary", "GET", "v1/clients/{clientId}/reports/{reportId}/commentary", Access.Admin, GetCommentaryAsync)
        {
            Tag = "Reports",
            Summary = "The agency's commentary on a report period (summary and next steps).",
            Problems = [NoCommentary],
        },
        new("SetCommentary", "PUT", "v1/clients/{clientId}/reports/{reportId}/commentary", Access.Admin, SetCommentaryAsync)
        {
            Tag = "Reports",
            Body = typeof(CommentaryRequest),
            Summary = "Sets the commentary printed on the report's summary page; a rendered report that is not sent yet is rendered again.",
            Problems = [NotChangeableNow],
            BodyExamples = new Dictionary<string, object>
            {
                ["application/json"] = new CommentaryRequest(
                    "Reach grew 12 % on Instagram after the spring launch; paid clicks got cheaper.",
                    "Move part of the Facebook budget to Reels\nTest a giveaway with the web shop"),
            },
        },
        new("DeleteCommentary", "DELETE", "v1/clients/{clientId}/reports/{reportId}/commentary", Access.Admin, DeleteCommentaryAsync)
        {
            Tag = "Reports",
            Summary = "Removes the commentary; a rendered report that is not sent yet is rendered again.",
            Problems = [NoCommentary, NotChangeableNow],
        },
        new("ApproveReport", "POST", "v1/clients/{clientId}/reports/{reportId}/approve", Access.Admin, ApproveAsync)
        {
            Tag = "Delivery",
            Summary = "Approves a report that awaits review and e-mails it to the client's recipients.",
            Problems =
            [
                new(StatusCodes.Status404NotFound, "Or the client has no such report."),
                new(StatusCodes.Status409Conflict, "The report does not await review (already approved, not rendered, or the client's reports are not reviewed), or it was rendered again meanwhile."),
            ],
        },
    ];

    public static async Task<Results<Ok<CommentaryInfo>, ProblemHttpResult>> GetCommentaryAsync(
        Client client, string reportId, CommentaryStore commentaries, CancellationToken cancellationToken) =>
        ClientRules.IsValidReportId(reportId) && await commentaries.FindAsync(client.Id, reportId, cancellationToken) is { } commentary
            ? TypedResults.Ok(new CommentaryInfo(reportId, commentary.Summary, commentary.NextSteps))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No commentary.",
                detail: $"Client '{client.Id}' has no commentary on report '{reportId}'.");

    public static async Task<Results<Ok<CommentaryInfo>, ValidationProblem, ProblemHttpResult>> SetCommentaryAsync(
        Client client,
        string reportId,
        HttpRequest request,
        CommentaryStore commentaries,
        ReportStore reports,
        ReportRenderer renderer,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var period = Period(reportId, validation);
        var body = await JsonBody.ReadAsync<CommentaryRequest>(request, validation, cancellationToken);
        var commentary = body is null ? null : new Commentary(Text(body.Summary, "summary", validation), Text(body.NextSteps, "nextSteps", validation));
        if (validation.IsValid && commentary is { Summary: null, NextSteps: null })
        {
            validation.Add("summary", "Give a summary, next steps or both; to remove the commentary, DELETE it.");
        }

        if (!validation.IsValid || period is null || commentary is null)
        {
            return validation.ToProblem("The commentary has invalid fields; nothing was changed.");
        }

        var report = await reports.FindAsync(client.Id, reportId, cancellationToken);
        if (NotChangeable(report) is { } conflict)
        {
            return conflict;
        }

        await commentaries.SaveAsync(client.Id, reportId, commentary, time.GetUtcNow(), cancellationToken);
        await RenderAgainAsync(client, report, renderer, cancellationToken);
        return TypedResults.Ok(new CommentaryInfo(reportId, commentary.Summary, commentary.NextSteps));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCommentaryAsync(
        Client client, string reportId, CommentaryStore commentaries, ReportStore reports, ReportRenderer renderer, CancellationToken cancellationToken)
    {
        if (!ClientRules.IsValidReportId(reportId) || await commentaries.FindAsync(client.Id, reportId, cancellationToken) is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No commentary.",
                detail: $"Client '{client.Id}' has no commentary on report '{reportId}'.");
        }

        var report = await reports.FindAsync(client.Id, reportId, cancellationToken);
        if (NotChangeable(report) is { } conflict)
        {
            return conflict;
        }

        await commentaries.DeleteAsync(client.Id, reportId, cancellationToken);
        await RenderAgainAsync(client, report, renderer, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Accepted<ReportInfo>, ProblemHttpResult>> ApproveAsync(
        Client client, string reportId, ReportStore reports, DeliveryQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await reports.FindAsync(client.Id, reportId, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound(client.Id, reportId);
        }

        var awaiting = report.Status == ReportStatus.AwaitingReview || (report.Status.HasFiles() && report.NeedsApproval(client));
        if (!awaiting)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The report is not awaiting review.",
                detail: report.ApprovedAt is { } at
                    ? $"Report '{reportId}' was approved at {at.ToString("u", CultureInfo.InvariantCulture)}."
                    : $"Report '{reportId}' is {Snake(report.Status)}; only a rendered report of a client with reviewBeforeSending awaits approval.");
        }

        var approved = report with
        {
            ApprovedAt = time.GetUtcNow(),
            Status = report.Status == ReportStatus.AwaitingReview ? ReportStatus.Rendered : report.Status,
        };
        if (!await reports.TryReplaceAsync(report, approved, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The report changed while it was approved.",
                detail: $"Report '{reportId}' was rendered again meanwhile: look at it again, then approve.");
        }

        // The first round: a recipient who already had this report (approved, then re-rendered unchanged) is not sent it again.
        await queue.EnqueueAsync(new DeliverReportMessage(client.Id, reportId), TimeSpan.Zero, cancellationToken);
        return TypedResults.Accepted($"/api/v1/clients/{client.Id}/reports/{reportId}/deliveries", ReportInfo.Of(approved, Caller.Admin));
    }

    private static string Snake(ReportStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>Null when the commentary may change: no report yet, or one that is rendered and not sent.</summary>
    private static ProblemHttpResult? NotChangeable(ReportRecord? report) => report?.Status switch
    {
        null or ReportStatus.Rendered or ReportStatus.AwaitingReview or ReportStatus.Failed => null,
        ReportStatus.Delivered or ReportStatus.PartiallyDelivered => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The report was already sent.",
            detail: $"Report '{report.ReportId}' is {Snake(report.Status)}: its readers have it without this change. Render it again with POST .../reports and resend it to send a corrected version."),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The report is being rendered.",
            detail: $"Report '{report.ReportId}' is {Snake(report.Status)}: set the commentary again when it is rendered."),
    };

    private static async Task RenderAgainAsync(Client client, ReportRecord? report, ReportRenderer renderer, CancellationToken cancellationToken)
    {
        if (report is { Status: ReportStatus.Rendered or ReportStatus.AwaitingReview })
        {
            await renderer.RenderAsync(client, report, cancellationToken);
        }
    }

    private static DateRange? Period(string reportId, Validation validation)
    {
        var period = ClientRules.ReportPeriod(reportId);
        if (period is null)
        {
            validation.Add("reportId", "Must be a report period key yyyy-MM-dd_yyyy-MM-dd with the first day not after the last.");
        }

        return period;
    }

    private static string? Text(string? text, string field, Validation validation)
    {
        if (text is null)
        {
            return null;
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > MaxCommentaryLength)
        {
            validation.Add(field, $"At most {MaxCommentaryLength} characters; this one has {text.Length}.");
        }
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            validation.Add(field, "Plain text: line breaks and tabs are allowed, other control characters are not.");
        }

        return text.Length == 0 ? null : text;
    }
}

/// <summary>The body of <c>PUT .../commentary</c>: plain text, line breaks kept.</summary>
/// <param name="Summary">The agency's summary of the period (at most 2,000 characters).</param>
/// <param name="NextSteps">What the agency does next (at most 2,000 characters).</param>
public sealed record CommentaryRequest(string? Summary, string? NextSteps);

/// <summary>A report period's commentary.</summary>
/// <param name="ReportId">The report period key.</param>
/// <param name="Summary">The agency's summary, or null.</param>
/// <param name="NextSteps">The next steps, or null.</param>
public sealed record CommentaryInfo(string ReportId, string? Summary, string? NextSteps);
