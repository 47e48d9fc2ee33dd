using System.Text.Json;
using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Delivery;

/// <summary>
/// The report history with each report's e-mails (<c>GET .../reports</c>), <c>.../reports/{reportId}/resend</c> and
/// <c>.../deliveries</c>. The history is here, not in Reports, because it shows what delivery did.
/// </summary>
public static class DeliveryApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListReports", "GET", "v1/clients/{clientId}/reports", Access.ClientRead, ListReportsAsync)
        {
            Tag = "Reports",
            Summary = "Every report of the client with its status and its e-mails by status, newest first.",
        },
        new("ResendReport", "POST", "v1/clients/{clientId}/reports/{reportId}/resend", Access.Admin, ResendAsync)
        {
            Tag = "Delivery",
            Body = typeof(ResendRequest),
            BodyOptional = true,
            Summary = "E-mails a rendered report once more, in a new round: to the given recipients, or to all of the client's.",
            Problems =
            [
                new(StatusCodes.Status404NotFound, "Or the client has no such report."),
                new(StatusCodes.Status409Conflict, "The report is not rendered (queued, or failed to render)."),
            ],
        },
        new("ListDeliveries", "GET", "v1/clients/{clientId}/reports/{reportId}/deliveries", Access.ClientRead, ListAsync)
        {
            Tag = "Delivery",
            Summary = "Each recipient's e-mail of the report, per round: sending, sent or failed, with attempts and reason.",
            Problems = [new(StatusCodes.Status404NotFound, "Or the client has no such report.")],
        },
    ];

    public static async Task<Ok<List<ReportHistoryItem>>> ListReportsAsync(
        Client client, Caller caller, ReportStore reports, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var sent = await deliveries.SummarizeAsync(client.Id, cancellationToken);
        return TypedResults.Ok((await reports.ListAsync(client.Id, cancellationToken))
            .Select(r => new ReportHistoryItem(ReportInfo.Of(r, caller), sent.GetValueOrDefault(r.ReportId)))
            .ToList());
    }

    public static async Task<Results<Accepted<ResendAccepted>, ValidationProblem, ProblemHttpResult>> ResendAsync(
        Client client,
        string reportId,
        HttpRequest request,
        ReportStore reports,
        RecipientPolicy policy,
        DeliveryQueue queue,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var requested = await ReadRecipientsAsync(request, policy, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return validation.ToProblem("The resend request has invalid fields; nothing was sent.");
        }

        var clientId = client.Id;
        if (await reports.FindAsync(clientId, reportId, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound(clientId, reportId);
        }

        if (!report.Status.HasFiles() || report.Status == ReportStatus.AwaitingReview || report.NeedsApproval(client))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The report cannot be sent.",
                detail: report.Status switch
                {
                    ReportStatus.Failed =>
                        $"Report '{reportId}' failed to render ({report.Error}) and is never sent. Render it again with POST /api/v1/clients/{clientId}/reports, then resend.",
                    _ when report.Status.HasFiles() =>
                        $"Report '{reportId}' awaits review: approve it with POST /api/v1/clients/{clientId}/reports/{reportId}/approve, which sends it.",
                    _ => $"Report '{reportId}' is {report.Status.ToString().ToLowerInvariant()}, not rendered yet: resend when its status is rendered.",
                });
        }

        var recipients = requested ?? client.Recipients.Select(r => r.Email).ToList();
        if (recipients.Count == 0)
        {
            validation.Add("recipients", "The client has no recipients: name some here, or add them to the client with PATCH /api/v1/clients/{clientId}.");
            return validation.ToProblem("There is no one to send the report to.");
        }

        // Saved addresses are checked again: the allow-list may have changed since they were saved.
        for (var i = 0; i < recipients.Count; i++)
        {
            if (policy.NotAllowed(recipients[i]) is { } problem)
            {
                validation.Add(requested is null ? $"client.recipients[{i}].email" : $"recipients[{i}]", problem);
            }
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem("Some recipients may not receive reports; nothing was sent.");
        }

        var round = DeliveryRounds.New(time.GetUtcNow());
        await queue.EnqueueAsync(new DeliverReportMessage(clientId, reportId, recipients, round), TimeSpan.Zero, cancellationToken);
        return TypedResults.Accepted(
            $"/api/v1/clients/{clientId}/reports/{reportId}/deliveries",
            new ResendAccepted(round, recipients));
    }

    public static async Task<Results<Ok<List<DeliveryInfo>>, ProblemHttpResult>> ListAsync(
        Client client,
        Caller caller,
        string reportId,
        ReportStore reports,
        DeliveryStore deliveries,
        CancellationToken cancellationToken)
    {
        if (await reports.FindAsync(client.Id, reportId, cancellationToken) is null)
        {
            return ReportsApi.NotFound(client.Id, reportId);
        }

        var rows = await deliveries.ListAsync(client.Id, reportId, cancellationToken);
        return TypedResults.Ok(rows.Select(r => DeliveryInfo.Of(r, caller)).ToList());
    }

    /// <summary>The <c>recipients</c> of the body, normalized; null when the body or the field is absent.</summary>
    private static async Task<List<string>?> ReadRecipientsAsync(
        HttpRequest request, RecipientPolicy policy, Validation validation, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        JsonElement body;
        try
        {
            body = JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException e)
        {
            validation.Add("body", $"Not valid JSON: {e.Message}");
            return null;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            validation.Add("body", "Expected a JSON object {\"recipients\": [\"name@example.com\", ...]}, or no body for all of the client's recipients.");
            return null;
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name != "recipients"))
        {
            validation.Add(property.Name, "Unknown field; a resend has recipients only.");
        }

        if (!body.TryGetProperty("recipients", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > RecipientPolicy.MaxRecipients)
        {
            validation.Add("recipients", $"Must be an array of 1 to {RecipientPolicy.MaxRecipients} e-mail addresses, or absent for all of the client's recipients.");
            return null;
        }

        var recipients = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                validation.Add($"recipients[{i}]", "Must be an e-mail address (a string).");
            }
            else if (policy.Check(item.GetString(), out var problem) is not { } address)
            {
                validation.Add($"recipients[{i}]", problem!);
            }
            else if (!recipients.Any(r => EmailAddress.Key(r) == EmailAddress.Key(address)))
            {
                recipients.Add(address);
            }

            i++;
        }

        return recipients;
    }

}

/// <summary>A report in the history: the report as listed, with its e-mails.</summary>
public sealed record ReportHistoryItem : ReportInfo
{
    public ReportHistoryItem(ReportInfo report, DeliverySummary? deliveries)
        : base(report)
    {
        Deliveries = deliveries;
    }

    /// <summary>The report's e-mails by status, over all rounds; null when none was sent or tried.</summary>
    public DeliverySummary? Deliveries { get; }
}

/// <summary>The body of <c>POST .../resend</c>; without a body the report goes to all of the client's recipients.</summary>
/// <param name="Recipients">The addresses to send to.</param>
public sealed record ResendRequest(IReadOnlyList<string>? Recipients = null);

/// <summary>The answer to a resend: the new round and who it goes to.</summary>
public sealed record ResendAccepted(string Round, IReadOnlyList<string> Recipients);

/// <summary>One recipient's e-mail of a report in one round.</summary>
public sealed record DeliveryInfo(
    string Round,
    string Email,
    DeliveryStatus Status,
    int Attempts,
    string? Reason,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt,
    string? MessageId)
{
    /// <summary>A client key reads that an e-mail failed, not why: the reason may name the agency's SMTP server.</summary>
    public const string ReasonForClients = "Could not be delivered; the agency has been told.";

    public static DeliveryInfo Of(RecipientDelivery r, Caller caller) =>
        new(r.Round, r.Email, r.Status, r.Attempts, caller.Shown(r.Reason, ReasonForClients), r.SentAt, r.NextAttemptAt, r.MessageId);
}
