using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Storage;
using KpiFunctions.Testing;
using static KpiFunctions.Host.Tests.DeliveryFixture;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Delivery when things break: the SMTP server down before or during a run, messages delivered again, and a claim
/// left by a process that died while sending. Nothing may be lost and nobody may get a report twice in a round.
/// The tests stop this class's own SMTP server, so they run one after another (as xunit runs a class's tests).
/// </summary>
public sealed class DeliveryFaultTests(DeliveryFaultFixture fixture) : IClassFixture<DeliveryFaultFixture>, IAsyncLifetime
{
    private MailDev Mail => fixture.Mail;

    public Task InitializeAsync() => Task.CompletedTask;

    // Whatever a test did to the SMTP server, the next one finds it running.
    public async Task DisposeAsync()
    {
        if (!Mail.IsRunning)
        {
            await Mail.RestartAsync();
        }
    }

    [Fact]
    public async Task SmtpDownBeforeTheRun_EveryoneFailsWithTheReason_TheRetryDeliversEachOnce()
    {
        string[] to = [Address("down-a"), Address("down-b"), Address("down-c")];
        var id = await fixture.CreateClientAsync("f-down", "en-GB", "Europe/London", [.. to.Select(t => (t, (string?)null))]);
        var (reportId, pdf) = await fixture.SaveReportAsync(id);
        await Mail.StopAsync();

        await fixture.DeliverAsync(id, reportId);

        var failed = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal(3, failed.Count);
        foreach (var d in failed)
        {
            Assert.Equal("failed", (string)d["status"]!);
            Assert.Equal(1, (int)d["attempts"]!);
            Assert.Contains($"Could not connect to the SMTP server 127.0.0.1:{Mail.SmtpPort}", (string)d["reason"]!, StringComparison.Ordinal);
            Assert.NotNull(d["nextAttemptAt"]);
            Assert.Null(d["sentAt"]);
        }

        await Mail.RestartAsync();
        Assert.Equal(1, await fixture.DrainQueueAsync());

        var sent = await fixture.GetDeliveriesAsync(id, reportId);
        foreach (var address in to)
        {
            var mail = Assert.Single(await Mail.ListToAsync(address));
            Assert.Equal(pdf, await Mail.GetAttachmentAsync(mail, Assert.Single(mail.Attachments)));
            var d = Of(sent, address);
            Assert.Equal("sent", (string)d["status"]!);
            Assert.Equal(2, (int)d["attempts"]!);
            Assert.Null(d["reason"]);
            // The Message-Id is the same on every attempt.
            Assert.Equal((string)Of(failed, address)["messageId"]!, mail.MessageId);
        }
    }

    [Fact]
    public async Task ListDeliveries_ClientKeyAfterAnSmtpFailure_ReadsThatItFailedNotTheServer()
    {
        var to = Address("leak");
        var id = await fixture.CreateClientAsync("f-leak", "en-GB", "Europe/London", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        using var clientKey = fixture.Server.CreateClient(await CreateKeyAsync(id));
        await Mail.StopAsync();
        try
        {
            await fixture.DeliverAsync(id, reportId);
        }
        finally
        {
            await Mail.RestartAsync();
        }

        var asAdmin = Of(await fixture.GetDeliveriesAsync(id, reportId), to);
        var asClient = Of(await fixture.GetDeliveriesAsync(id, reportId, clientKey), to);

        Assert.Contains($"127.0.0.1:{Mail.SmtpPort}", (string)asAdmin["reason"]!, StringComparison.Ordinal);
        Assert.Equal(("failed", "Could not be delivered; the agency has been told."), ((string)asClient["status"]!, (string)asClient["reason"]!));
        Assert.Equal(1, await fixture.DrainQueueAsync()); // the retry, so that no other test of the class runs it
    }

    [Fact]
    public async Task SmtpStopsMidRun_NothingLostNothingTwice()
    {
        var to = Enumerable.Range(0, 30).Select(i => Address($"mid{i:D2}")).ToArray();
        var id = await fixture.CreateClientAsync("f-mid", "sv-SE", "Europe/Stockholm", [.. to.Select(t => (t, (string?)null))]);
        // 2 MB each, so that the run takes long enough to stop the server in the middle of it.
        var (reportId, pdf) = await fixture.SaveReportAsync(id, minBytes: 2_000_000);

        var run = Task.Run(() => fixture.DeliverAsync(id, reportId));
        await Mail.WaitForAsync(mails => mails.Any(m => to.Contains(m.EnvelopeTo.FirstOrDefault())), TimeSpan.FromSeconds(30));
        await Mail.StopAsync();
        await run;

        var midway = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.Equal(30, midway.Count);
        Assert.DoesNotContain(midway, d => (string)d["status"]! == "sending");
        var failed = midway.Where(d => (string)d["status"]! == "failed").ToList();
        Assert.True(failed.Count > 0, "The run was expected to meet the stopped server.");
        Assert.True(midway.Count(d => (string)d["status"]! == "sent") > 0);
        Assert.All(failed, d =>
        {
            Assert.Equal(1, (int)d["attempts"]!);
            Assert.NotNull(d["nextAttemptAt"]);
            Assert.Contains("SMTP server", (string)d["reason"]!, StringComparison.Ordinal);
        });

        await Mail.RestartAsync();
        await fixture.DrainQueueAsync();

        var final = await fixture.GetDeliveriesAsync(id, reportId);
        Assert.All(final, d => Assert.Equal("sent", (string)d["status"]!));
        var inbox = await Mail.ListAsync();
        foreach (var address in to)
        {
            var mail = Assert.Single(inbox, m => m.EnvelopeTo.Contains(address));
            Assert.Equal(pdf.Length, Assert.Single(mail.Attachments).Size);
        }

        Assert.Equal(pdf, await Mail.GetAttachmentAsync(inbox.First(m => m.EnvelopeTo.Contains(to[^1])), inbox.First(m => m.EnvelopeTo.Contains(to[^1])).Attachments[0]));
    }

    [Fact]
    public async Task MessagesDeliveredAgainAfterAllWereSent_SendNothing()
    {
        var a = Address("again-a");
        var b = Address("again-b");
        var id = await fixture.CreateClientAsync("f-again", "en-GB", "Europe/London", (a, null), (b, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        await fixture.DeliverAsync(id, reportId);

        // The same message again, as the queue may deliver it; and a retry that arrives although all went well.
        await fixture.Job.RunAsync(new DeliverReportMessage(id, reportId), CancellationToken.None);
        await fixture.Job.RunAsync(new DeliverReportMessage(id, reportId, [a, b], DeliveryRounds.Initial, 2), CancellationToken.None);

        Assert.Single(await Mail.ListToAsync(a));
        Assert.Single(await Mail.ListToAsync(b));
        Assert.All(await fixture.GetDeliveriesAsync(id, reportId), d => Assert.Equal(1, (int)d["attempts"]!));
    }

    [Fact]
    public async Task SameMessageOnFourWorkersAtOnce_EachRecipientGetsOneMail()
    {
        var to = Enumerable.Range(0, 10).Select(i => Address($"race{i}")).ToArray();
        var id = await fixture.CreateClientAsync("f-race", "en-GB", "Europe/London", [.. to.Select(t => (t, (string?)null))]);
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => fixture.DeliverAsync(id, reportId))));

        var inbox = await Mail.ListAsync();
        Assert.All(to, address => Assert.Single(inbox, m => m.EnvelopeTo.Contains(address)));
        Assert.All(await fixture.GetDeliveriesAsync(id, reportId), d =>
        {
            Assert.Equal("sent", (string)d["status"]!);
            Assert.Equal(1, (int)d["attempts"]!);
        });
    }

    [Fact]
    public async Task SendingLeftByADeadProcess_IsNotSentAgainButMarkedInterrupted_AResendDeliversIt()
    {
        var a = Address("dead-a");
        var b = Address("dead-b");
        var id = await fixture.CreateClientAsync("f-dead", "en-GB", "Europe/London", (a, null), (b, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        // A process claimed b 20 minutes ago and died before it recorded what the SMTP server said.
        await ClaimAsync(id, reportId, b, DateTimeOffset.UtcNow.AddMinutes(-20));

        await fixture.DeliverAsync(id, reportId);
        await fixture.DeliverAsync(id, reportId);

        Assert.Single(await Mail.ListToAsync(a));
        Assert.Empty(await Mail.ListToAsync(b));
        var deliveries = await fixture.GetDeliveriesAsync(id, reportId);
        var interrupted = Of(deliveries, b);
        Assert.Equal("failed", (string)interrupted["status"]!);
        Assert.Equal("interrupted; resend to retry", (string)interrupted["reason"]!);
        Assert.Equal(1, (int)interrupted["attempts"]!);
        Assert.Null(interrupted["nextAttemptAt"]);

        using var resend = await fixture.ResendAsync(id, reportId, new { recipients = new[] { b } });
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1));

        Assert.Single(await Mail.ListToAsync(b));
        Assert.Single(await Mail.ListToAsync(a));
    }

    [Fact]
    public async Task SendingClaimedMomentsAgo_IsLeftToItsWorkerAndLookedAtAfterTheLease()
    {
        var a = Address("live-a");
        var b = Address("live-b");
        var id = await fixture.CreateClientAsync("f-live", "en-GB", "Europe/London", (a, null), (b, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        var queuedBefore = await fixture.QueuedCountAsync();
        await ClaimAsync(id, reportId, b, DateTimeOffset.UtcNow.AddMinutes(-1));

        await fixture.DeliverAsync(id, reportId);

        Assert.Single(await Mail.ListToAsync(a));
        Assert.Empty(await Mail.ListToAsync(b));
        Assert.Equal("sending", (string)Of(await fixture.GetDeliveriesAsync(id, reportId), b)["status"]!);
        // A message to look at b again once the claim has expired, hidden until then.
        Assert.Equal(queuedBefore + 1, await fixture.QueuedCountAsync());
        Assert.Equal(0, await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task SmtpStaysDown_GivesUpAfterMaxAttempts_AndSendsNothingLater()
    {
        var to = Address("gone");
        var id = await fixture.CreateClientAsync("f-gone", "en-GB", "Europe/London", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id);
        await Mail.StopAsync();

        await fixture.DeliverAsync(id, reportId);
        Assert.Equal(2, await fixture.DrainQueueAsync()); // attempts 2 and 3 of Delivery:MaxAttempts = 3

        var d = Of(await fixture.GetDeliveriesAsync(id, reportId), to);
        Assert.Equal("failed", (string)d["status"]!);
        Assert.Equal(3, (int)d["attempts"]!);
        Assert.Null(d["nextAttemptAt"]);
        await Mail.RestartAsync();
        Assert.Equal(0, await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1)));
        Assert.Empty(await Mail.ListToAsync(to));

        using var resend = await fixture.ResendAsync(id, reportId, null);
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        await fixture.DrainQueueAsync(TimeSpan.FromSeconds(1));
        Assert.Single(await Mail.ListToAsync(to));
    }

    /// <summary>Writes a <c>sending</c> claim of <paramref name="email"/> in the initial round, as a worker does before SMTP.</summary>
    private async Task ClaimAsync(string clientId, string reportId, string email, DateTimeOffset at)
    {
        await fixture.DeliveriesTable.AddEntityAsync(new TableEntity($"{clientId}|{reportId}", $"{DeliveryRounds.Initial}|{email.ToLowerInvariant()}")
        {
            ["ClientId"] = clientId,
            ["ReportId"] = reportId,
            ["Round"] = DeliveryRounds.Initial,
            ["Email"] = email,
            ["Status"] = nameof(DeliveryStatus.Sending),
            ["Attempts"] = 1,
            ["SendingAt"] = at,
            ["UpdatedAt"] = at,
        });
    }

    private async Task<string> CreateKeyAsync(string clientId)
    {
        using var response = await fixture.Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "portal", canWrite = false });
        response.EnsureSuccessStatusCode();
        return (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["key"]!;
    }
}
