using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static KpiFunctions.Host.Tests.DeliveryFixture;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The agency's commentary and review before sending, end to end: real renders, the RenderReport and DeliverReport jobs,
/// and the e-mails read back from a real SMTP server (MailDev).
/// </summary>
public sealed class ReviewTests(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private const string March = "2026-03-01_2026-03-31";

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task ReviewedClient_ScheduledReport_WaitsForApprovalThenIsSentOnceWithTheCommentary()
    {
        var anna = Address("anna");
        var id = await fixture.CreateClientAsync("review", "en-GB", "Europe/London", (anna, "Anna"));
        await fixture.PatchOkAsync(id, Api.Json(new { reviewBeforeSending = true }));
        await PushMarchAsync(id);

        // The commentary is written before the period's report exists.
        using (var put = await PutCommentaryAsync(id, new { summary = "A strong month for reach.\nThe spring launch worked.", nextSteps = "More video\n- Test a giveaway" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var delivery = await RenderScheduledAsync(id);

        Assert.Null(delivery); // nothing handed to delivery
        Assert.Equal("awaiting_review", await StatusAsync(id));
        var text = await Api.PdfTextAsync(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/{March}"));
        Assert.Contains("Agency commentary", text, StringComparison.Ordinal);
        Assert.Contains("The spring launch worked.", text, StringComparison.Ordinal);
        Assert.Contains("Test a giveaway", text, StringComparison.Ordinal);

        // Nothing sends it before the approval: a stray delivery message, nor a resend.
        await fixture.DeliverAsync(id, March);
        using (var resend = await fixture.ResendAsync(id, March, null))
        {
            var problem = await Api.AssertProblemAsync(resend, HttpStatusCode.Conflict);
            Assert.Contains("approve", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        Assert.Empty(await fixture.Mail.ListToAsync(anna));

        using (var approve = await Admin.PostAsync($"/api/v1/clients/{id}/reports/{March}/approve", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
            Assert.NotNull((await Api.ReadObjectAsync(approve))["approvedAt"]);
        }

        await fixture.DrainQueueAsync();
        Assert.Single(await fixture.Mail.ListToAsync(anna));
        Assert.Equal("delivered", await StatusAsync(id));

        using (var again = await Admin.PostAsync($"/api/v1/clients/{id}/reports/{March}/approve", null))
        {
            await Api.AssertProblemAsync(again, HttpStatusCode.Conflict);
        }

        // Once sent, the commentary can no longer change what its readers got.
        using var late = await PutCommentaryAsync(id, new { summary = "Too late." });
        await Api.AssertProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Single(await fixture.Mail.ListToAsync(anna));
    }

    [Fact]
    public async Task ReviewedClient_CommentaryChangedWhileAwaitingReview_RendersAgainAndNeedsItsApproval()
    {
        var id = await fixture.CreateClientAsync("rerender", "en-GB", "Europe/London", (Address("bo"), null));
        await fixture.PatchOkAsync(id, Api.Json(new { reviewBeforeSending = true }));
        await PushMarchAsync(id);
        await RenderScheduledAsync(id);
        var before = await ReportAsync(id);

        using (var put = await PutCommentaryAsync(id, new { nextSteps = "Call the client about April" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var after = await ReportAsync(id);
        Assert.Equal("awaiting_review", (string)after["status"]!);
        Assert.Equal(2, (int)after["version"]!);
        Assert.NotEqual((string)before["pdfSha256"]!, (string)after["pdfSha256"]!);
        Assert.Contains("Call the client about April", await Api.PdfTextAsync(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/{March}")), StringComparison.Ordinal);

        using (var get = await Admin.GetAsync($"/api/v1/clients/{id}/reports/{March}/commentary"))
        {
            var commentary = await Api.ReadObjectAsync(get);
            Assert.Null(commentary["summary"]);
            Assert.Equal("Call the client about April", (string)commentary["nextSteps"]!);
        }

        using var deleted = await Admin.DeleteAsync($"/api/v1/clients/{id}/reports/{March}/commentary");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(3, (int)(await ReportAsync(id))["version"]!);
        using var gone = await Admin.GetAsync($"/api/v1/clients/{id}/reports/{March}/commentary");
        await Api.AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SetCommentary_InvalidFields_Answers400NamingEachAndStoresNothing()
    {
        var id = await fixture.CreateClientAsync("badnote", "en-GB", "Europe/London");

        using var tooLong = await PutCommentaryAsync(id, new { summary = new string('x', ReviewApi.MaxCommentaryLength + 1), nextSteps = "ok\u0007" });
        var errors = await Api.AssertValidationProblemAsync(tooLong);
        Assert.Equal(["nextSteps", "summary"], errors.Keys.Order(StringComparer.Ordinal));

        using var empty = await PutCommentaryAsync(id, new { summary = "  " });
        Assert.Equal(["summary"], (await Api.AssertValidationProblemAsync(empty)).Keys);

        using var badPeriod = await Admin.PutAsJsonAsync($"/api/v1/clients/{id}/reports/2026-03-31_2026-03-01/commentary", new { summary = "x" });
        Assert.Equal(["reportId"], (await Api.AssertValidationProblemAsync(badPeriod)).Keys);

        using var none = await Admin.GetAsync($"/api/v1/clients/{id}/reports/{March}/commentary");
        await Api.AssertProblemAsync(none, HttpStatusCode.NotFound);

        // A client key reads reports, but neither writes nor reads the agency's drafts.
        using var created = await Admin.PostAsJsonAsync($"/api/v1/clients/{id}/keys", new { name = "portal", canWrite = false });
        using var reader = fixture.Server.CreateClient((string)(await Api.ReadObjectAsync(created))["key"]!);
        using var drafts = await reader.GetAsync($"/api/v1/clients/{id}/reports/{March}/commentary");
        Assert.Equal(HttpStatusCode.Forbidden, drafts.StatusCode);
        using var forbidden = await reader.PutAsJsonAsync($"/api/v1/clients/{id}/reports/{March}/commentary", new { summary = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Delivery_SomeRecipientsFailed_IsPartiallyDelivered()
    {
        var anna = Address("anna");
        var bo = Address("bo");
        var id = await fixture.CreateClientAsync("partial", "en-GB", "Europe/London", (anna, "Anna"), (bo, "Bo"));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        // Bo's mail server refused the report for good in an earlier run: failed, no retry.
        await fixture.Server.Services.GetRequiredService<DeliveryStore>().TryWriteAsync(
            null,
            new RecipientDelivery(id, reportId, DeliveryRounds.Initial, bo, DeliveryStatus.Failed, 1) { Reason = "550 mailbox unavailable" },
            CancellationToken.None);

        await fixture.DeliverAsync(id, reportId);

        Assert.Single(await fixture.Mail.ListToAsync(anna));
        Assert.Empty(await fixture.Mail.ListToAsync(bo));
        Assert.Equal("partially_delivered", await StatusAsync(id, reportId));
    }

    private async Task PushMarchAsync(string id)
    {
        var rows = new List<Dictionary<string, object?>>();
        for (var day = new DateOnly(2026, 2, 1); day <= new DateOnly(2026, 3, 31); day = day.AddDays(1))
        {
            rows.Add(Api.Row($"{day:yyyy-MM-dd}", "fb", "facebook", ("impressions", day.Month == 3 ? 2000 : 1500), ("likes", 60)));
        }

        await Admin.PushOkAsync(id, [.. rows]);
    }

    private Task<HttpResponseMessage> PutCommentaryAsync(string id, object body) =>
        Admin.PutAsJsonAsync($"/api/v1/clients/{id}/reports/{March}/commentary", body);

    /// <summary>Runs RenderReport on the message the scheduler sends for March; returns what it hands to delivery.</summary>
    private Task<DeliverReportMessage?> RenderScheduledAsync(string id) =>
        fixture.Server.Services.GetRequiredService<RenderReportJob>().RunAsync(
            new RenderReportMessage(id, March, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "previous_calendar"), CancellationToken.None);

    private async Task<JsonObject> ReportAsync(string id, string reportId = March) =>
        JsonNode.Parse(await Admin.GetStringAsync($"/api/v1/clients/{id}/reports"))!.AsArray().Single(r => (string)r!["id"]! == reportId)!.AsObject();

    private async Task<string> StatusAsync(string id, string reportId = March) => (string)(await ReportAsync(id, reportId))["status"]!;
}
