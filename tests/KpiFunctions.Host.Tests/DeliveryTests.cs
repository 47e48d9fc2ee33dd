using System.Net;
using System.Text.RegularExpressions;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Reports;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static KpiFunctions.Host.Tests.DeliveryFixture;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// DeliverReport against a real SMTP server (MailDev), read back from its inbox: who got what, in which language,
/// attachment or link, the allow-list at send time, failed renders, resends and the per-recipient status API.
/// </summary>
public sealed partial class DeliveryTests(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    private MailDev Mail => fixture.Mail;

    [Fact]
    public async Task Deliver_SwedishClient_EachRecipientGetsOneSwedishMailWithThePdfAttached()
    {
        var anna = Address("anna");
        var bo = Address("bo", "example.org");
        var id = await fixture.CreateClientAsync("d-sv", "sv-SE", "Europe/Stockholm", (anna, "Anna Berg"), (bo, null));
        var (reportId, pdf) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);

        foreach (var (address, greeting) in new[] { (anna, "Hej Anna,"), (bo, "Hej,") })
        {
            var mail = Assert.Single(await Mail.ListToAsync(address));
            Assert.Equal([address], mail.To);
            Assert.Equal(FromAddress, mail.From);
            Assert.Equal($"{Agency}: rapport för Acme d-sv, mars 2026", mail.Subject);
            Assert.StartsWith(greeting, mail.Text, StringComparison.Ordinal);
            Assert.Contains("Här bifogas rapporten för Acme d-sv för mars 2026, sammanställd av Northwind Digital.", mail.Text, StringComparison.Ordinal);
            Assert.Contains("Vänliga hälsningar", mail.Text, StringComparison.Ordinal);
            var attachment = Assert.Single(mail.Attachments);
            Assert.Equal("Acme d-sv – mars 2026.pdf", attachment.FileName);
            Assert.Equal("application/pdf", attachment.ContentType);
            Assert.Equal(pdf, await Mail.GetAttachmentAsync(mail, attachment));
            Assert.Contains("Auto-Submitted: auto-generated", await Mail.GetSourceAsync(mail), StringComparison.Ordinal);
        }

        var deliveries = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal(2, deliveries.Count);
        foreach (var address in new[] { anna, bo })
        {
            var d = Of(deliveries, address);
            Assert.Equal("sent", (string)d["status"]!);
            Assert.Equal(1, (int)d["attempts"]!);
            Assert.Null(d["reason"]);
            Assert.Null(d["nextAttemptAt"]);
            Assert.True(DateTimeOffset.UtcNow - (DateTimeOffset)d["sentAt"]! < TimeSpan.FromMinutes(1));
            // The stored Message-Id is the one the recipient got.
            Assert.Equal((string)d["messageId"]!, Assert.Single(await Mail.ListToAsync(address)).MessageId);
        }
    }

    [Fact]
    public async Task Deliver_ThaiClient_WritesThaiWithTheThaiCalendar()
    {
        var somchai = Address("somchai");
        var id = await fixture.CreateClientAsync("d-th", "th-TH", "Asia/Bangkok", (somchai, "สมชาย"));
        var (reportId, pdf) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);

        var mail = Assert.Single(await Mail.ListToAsync(somchai));
        // March 2026 is มีนาคม 2569 in the Buddhist Era that Thai dates use.
        Assert.Equal($"{Agency}: รายงานของ Acme d-th ประจำ มีนาคม 2569", mail.Subject);
        Assert.StartsWith("เรียน คุณสมชาย", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Northwind Digital ขอส่งรายงานของ Acme d-th ประจำ มีนาคม 2569 ตามไฟล์แนบ", mail.Text, StringComparison.Ordinal);
        Assert.Contains("ขอแสดงความนับถือ", mail.Text, StringComparison.Ordinal);
        Assert.Equal(pdf, await Mail.GetAttachmentAsync(mail, Assert.Single(mail.Attachments)));
    }

    [Theory]
    [InlineData("en-GB", "Northwind Digital: Acme d-loc report for March 2026", "Please find attached")]
    [InlineData("nb-NO", "Northwind Digital: rapport for Acme d-loc, mars 2026", "Vedlagt er rapporten")]
    [InlineData("zh-CN", "Northwind Digital：Acme d-loc 2026年3月 报告", "附件是")]
    [InlineData("tr-TR", "Northwind Digital: Acme d-loc raporu, Mart 2026", "raporu ektedir")]
    [InlineData("pt-BR", "Northwind Digital: Acme d-loc report for March 2026", "Please find attached")]
    public async Task Deliver_OtherLocales_WriteTheClientsLanguageOrEnglish(string locale, string subject, string phrase)
    {
        var to = Address("loc");
        var id = await fixture.CreateClientAsync("d-loc", locale, "Europe/Oslo", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);

        var mail = Assert.Single(await Mail.ListToAsync(to));
        Assert.Equal(subject, mail.Subject);
        Assert.Contains(phrase, mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_PdfAboveTheSizeLimit_SendsAWorkingTimeLimitedLinkInstead()
    {
        var to = Address("big");
        var id = await fixture.CreateClientAsync("d-big", "en-GB", "Europe/London", (to, "Big"));
        var (reportId, pdf) = await fixture.SaveReportAsync(id, minBytes: MaxAttachmentBytes + 1);
        Assert.True(pdf.Length > MaxAttachmentBytes);

        await fixture.DeliverAsync(id, reportId);

        var mail = Assert.Single(await Mail.ListToAsync(to));
        Assert.Empty(mail.Attachments);
        Assert.Contains("is too large to attach", mail.Text, StringComparison.Ordinal);
        var expiry = ExpiryLine().Match(mail.Text);
        Assert.True(expiry.Success, mail.Text);
        var expected = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(14), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal(expected.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), expiry.Groups["date"].Value);
        var link = new Uri(Assert.Single(mail.Text.Split('\n'), l => l.Contains("/download?", StringComparison.Ordinal)).Trim());
        Assert.Equal($"/api/v1/clients/{id}/reports/{reportId}/download", link.AbsolutePath);

        // The link works without a key; changed or expired, it does not.
        using var anonymous = fixture.Server.CreateClient(null);
        using (var download = await anonymous.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        }

        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        var tampered = $"{link.AbsolutePath}?expires={long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture) + 86400}&sig={query["sig"]}";
        using (var response = await anonymous.GetAsync(tampered))
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        }

        using (var response = await anonymous.GetAsync(link.PathAndQuery.Replace($"/{id}/", $"/{id}x/", StringComparison.Ordinal)))
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        }

        // A link signed correctly but 15 days ago, so expired a day ago.
        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-15));
        var oldFiles = ActivatorUtilities.CreateInstance<ReportFiles>(fixture.Server.Services, past);
        var (expired, _) = oldFiles.CreateDownloadLink(id, reportId);
        using (var response = await anonymous.GetAsync(expired.PathAndQuery))
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        }
    }

    [Fact]
    public async Task Deliver_DomainRemovedFromTheAllowList_ThatRecipientFailsUnsentOthersGetIt()
    {
        var ok = Address("ok");
        var gone = Address("gone", "removed.test");
        var id = await fixture.CreateClientAsync("d-allow", "en-GB", "Europe/London", (ok, null));
        // As if saved while removed.test was still allowed: written past the API, which would refuse it now.
        var clients = fixture.Server.Services.GetRequiredService<ClientStore>();
        var (client, etag) = (await clients.FindVersionedAsync(id, CancellationToken.None))!.Value;
        Assert.True(await clients.TryReplaceAsync(client with { Recipients = [.. client.Recipients, new Recipient(gone, "Gone")] }, etag, CancellationToken.None));
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);

        Assert.Single(await Mail.ListToAsync(ok));
        Assert.Empty(await Mail.ListToAsync(gone));
        var deliveries = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal("sent", (string)Of(deliveries, ok)["status"]!);
        var refused = Of(deliveries, gone);
        Assert.Equal("failed", (string)refused["status"]!);
        Assert.Equal(0, (int)refused["attempts"]!);
        Assert.Contains("allow-list", (string)refused["reason"]!, StringComparison.Ordinal);
        Assert.Null(refused["nextAttemptAt"]);
        Assert.Null(refused["sentAt"]);

        // A resend naming it is refused up front, and one to all of the client's recipients too.
        var errors = await AssertValidationProblemAsync(await fixture.ResendAsync(id, reportId, new { recipients = new[] { gone } }));
        Assert.Contains("allow-list", errors["recipients[0]"][0], StringComparison.Ordinal);
        errors = await AssertValidationProblemAsync(await fixture.ResendAsync(id, reportId, null));
        Assert.True(errors.ContainsKey("client.recipients[1].email"), string.Join(", ", errors.Keys));
    }

    [Theory]
    [InlineData(ReportStatus.Failed)]
    [InlineData(ReportStatus.Rendering)]
    public async Task Deliver_ReportNotRendered_SendsNothingAndShowsNothingDelivered(ReportStatus status)
    {
        var to = Address("never");
        var id = await fixture.CreateClientAsync("d-fail", "en-GB", "Europe/London", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id, status);

        if (status == ReportStatus.Failed)
        {
            await fixture.DeliverAsync(id, reportId); // done with: nothing to send, ever
        }
        else
        {
            // Still rendering: the message fails, to come back after the queue's backoff.
            await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.DeliverAsync(id, reportId));
        }

        Assert.Empty(await Mail.ListToAsync(to));
        Assert.Empty(await fixture.GetDeliveriesAsync(id, reportId));
        var problem = await AssertProblemAsync(await fixture.ResendAsync(id, reportId, null), HttpStatusCode.Conflict);
        Assert.Contains(status == ReportStatus.Failed ? "failed to render" : "not rendered yet", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SameMessageTwice_SendsOnce()
    {
        var to = Address("twice");
        var id = await fixture.CreateClientAsync("d-twice", "en-GB", "Europe/London", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);
        await fixture.DeliverAsync(id, reportId);

        Assert.Single(await Mail.ListToAsync(to));
        Assert.Equal(1, (int)Of(await fixture.GetDeliveriesAsync(id, reportId), to)["attempts"]!);
    }

    [Fact]
    public async Task Resend_ToAll_EveryoneGetsItOnceMoreInANewRound()
    {
        var a = Address("all-a");
        var b = Address("all-b");
        var id = await fixture.CreateClientAsync("d-all", "sv-SE", "Europe/Stockholm", (a, "A"), (b, "B"));
        var (reportId, pdf) = await fixture.SaveReportAsync(id);
        await fixture.DeliverAsync(id, reportId);

        using var response = await fixture.ResendAsync(id, reportId, null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/clients/{id}/reports/{reportId}/deliveries", response.Headers.Location?.OriginalString);
        var body = await ReadObjectAsync(response);
        var round = (string)body["round"]!;
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$", round);
        Assert.Equal([a, b], body["recipients"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(1, await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1)));

        foreach (var address in new[] { a, b })
        {
            var mails = await Mail.ListToAsync(address);
            Assert.Equal(2, mails.Count);
            Assert.NotEqual(mails[0].MessageId, mails[1].MessageId);
            Assert.All(mails, m => Assert.Single(m.Attachments));
            Assert.Equal(pdf, await Mail.GetAttachmentAsync(mails[1], mails[1].Attachments[0]));
        }

        var deliveries = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal(
            [(DeliveryRounds.Initial, a), (DeliveryRounds.Initial, b), (round, a), (round, b)],
            deliveries.Select(d => ((string)d["round"]!, (string)d["email"]!)));
        Assert.All(deliveries, d => Assert.Equal("sent", (string)d["status"]!));
    }

    [Fact]
    public async Task Resend_ToASubset_OnlyThoseGetItAgain()
    {
        var a = Address("sub-a");
        var b = Address("sub-b");
        var newcomer = Address("sub-new", "example.org");
        var id = await fixture.CreateClientAsync("d-sub", "en-GB", "Europe/London", (a, "A"), (b, "B"));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        await fixture.DeliverAsync(id, reportId);

        using var response = await fixture.ResendAsync(id, reportId, new { recipients = new[] { b.ToUpperInvariant(), newcomer, b } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ReadObjectAsync(response);
        // Normalized (the domain in lower case) and without the duplicate.
        var upper = b.ToUpperInvariant();
        var normalizedB = upper[..upper.IndexOf('@', StringComparison.Ordinal)] + "@example.com";
        Assert.Equal([normalizedB, newcomer], body["recipients"]!.AsArray().Select(r => (string)r!));
        await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1));

        Assert.Single(await Mail.ListToAsync(a));
        Assert.Equal(2, (await Mail.ListToAsync(b)).Count);
        var toNewcomer = Assert.Single(await Mail.ListToAsync(newcomer));
        Assert.StartsWith("Hello,", toNewcomer.Text, StringComparison.Ordinal);
        var deliveries = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal(4, deliveries.Count);
        Assert.Equal("sent", (string)Of(deliveries, newcomer, (string)body["round"]!)["status"]!);
    }

    [Fact]
    public async Task Resend_BadRequests_AnswerProblems()
    {
        var to = Address("bad");
        var id = await fixture.CreateClientAsync("d-bad", "en-GB", "Europe/London", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await AssertProblemAsync(await fixture.ResendAsync(id, "2020-01-01_2020-01-31", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await fixture.ResendAsync(id, "not-a-report", null), HttpStatusCode.NotFound);
        var errors = await AssertValidationProblemAsync(await fixture.ResendAsync(id, reportId, new { recipients = new[] { to, "nope" } }));
        Assert.Equal(["recipients[1]"], errors.Keys);
        errors = await AssertValidationProblemAsync(await fixture.ResendAsync(id, reportId, new { recipients = Array.Empty<string>() }));
        Assert.Equal(["recipients"], errors.Keys);
        errors = await AssertValidationProblemAsync(await fixture.ResendAsync(id, reportId, new { to = new[] { to } }));
        Assert.Equal(["to"], errors.Keys);

        var noOne = await fixture.CreateClientAsync("d-none", "en-GB", "Europe/London");
        var (noOneReport, _) = await fixture.SaveReportAsync(noOne);
        errors = await AssertValidationProblemAsync(await fixture.ResendAsync(noOne, noOneReport, null));
        Assert.Equal(["recipients"], errors.Keys);

        Assert.Equal(0, await fixture.QueuedCountAsync());
        Assert.Empty(await Mail.ListToAsync(to));
    }

    [Fact]
    public async Task Deliveries_ClientKeysSeeTheirOwnOnly_ResendNeedsTheAdmin()
    {
        var to = Address("keys");
        var id = await fixture.CreateClientAsync("d-keys", "en-GB", "Europe/London", (to, null));
        var other = await fixture.CreateClientAsync("d-other", "en-GB", "Europe/London");
        var (reportId, _) = await fixture.SaveReportAsync(id);
        await fixture.DeliverAsync(id, reportId);
        using var own = fixture.Server.CreateClient(await CreateKeyAsync(id));
        using var foreign = fixture.Server.CreateClient(await CreateKeyAsync(other));

        var seen = await fixture.GetDeliveriesAsync(id, reportId, own);

        Assert.Equal("sent", (string)Of(seen, to)["status"]!);
        using (var response = await foreign.GetAsync($"/api/v1/clients/{id}/reports/{reportId}/deliveries"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await fixture.ResendAsync(id, reportId, null, own))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var response = await own.GetAsync($"/api/v1/clients/{id}/reports/2020-01-01_2020-01-31/deliveries"))
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Single(await Mail.ListToAsync(to));
    }

    private async Task<string> CreateKeyAsync(string clientId)
    {
        using var response = await fixture.Admin.PostAsync(
            $"/api/v1/clients/{clientId}/keys", System.Net.Http.Json.JsonContent.Create(new { name = "k", canWrite = false }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await ReadObjectAsync(response))["key"]!;
    }

    // "... which works until 07/04/2026 09:15 (Europe/London):" in en-GB.
    [GeneratedRegex(@"works until (?<date>\d\d/\d\d/\d{4}) \d\d:\d\d \(Europe/London\):")]
    private static partial Regex ExpiryLine();
}
