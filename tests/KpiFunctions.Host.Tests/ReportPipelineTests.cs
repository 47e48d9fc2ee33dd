using KpiFunctions.App.Reports;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The whole way from a client's cadence to its stakeholders' inboxes, with nothing called directly: the standalone
/// host's trigger engine (the WebJobs SDK) fires ScheduleReports, whose idea of "now" is a fake clock, runs RenderReport
/// and DeliverReport from the real Azurite queues, and MailDev receives the e-mails.
/// </summary>
public sealed class ReportPipelineTests
{
    [Fact]
    public async Task ScheduledMonthlyReport_WhenDue_IsRenderedAndMailedOnceToEachRecipient()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var mail = await MailDev.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
        await using var server = await KpiFunctionsServer.StartAsync(
            azurite.ConnectionString, PipelineSetup.Settings(mail, "pipeline"), s => s.AddSingleton<TimeProvider>(clock));
        using var admin = server.CreateAdminClient();

        // A UTC client whose monthly report goes out on the 1st at 06:00, to two people; data for March so far.
        var id = TestIds.New("pipeline");
        var recipients = await PipelineSetup.CreateMonthlyClientAsync(admin, id);
        var rows = Enumerable.Range(1, 20).Select(d => Api.Row($"2026-03-{d:00}", "fb", "facebook", ("impressions", 1000), ("likes", 30))).ToArray();
        await admin.PushOkAsync(id, rows);

        // The clock passes 1 April 06:00; the timer, every two seconds, finds March due.
        clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 6, 5, 0, TimeSpan.Zero));

        var inbox = await mail.WaitForAsync(
            m => recipients.All(r => m.Any(x => x.EnvelopeTo.Contains(r, StringComparer.OrdinalIgnoreCase))),
            TimeSpan.FromSeconds(60));
        await Task.Delay(1000); // room for a wrong second e-mail to arrive

        inbox = await mail.ListAsync();
        var report = await server.Services.GetRequiredService<ReportStore>().FindAsync(id, "2026-03-01_2026-03-31", CancellationToken.None);
        Assert.Equal(ReportStatus.Delivered, report!.Status);
        foreach (var recipient in recipients)
        {
            var received = Assert.Single(inbox, m => m.EnvelopeTo.Contains(recipient, StringComparer.OrdinalIgnoreCase));
            var attachment = Assert.Single(received.Attachments);
            Assert.Equal("application/pdf", attachment.ContentType);
            Assert.Equal(report.PdfSha256, ReportFiles.Sha256(await mail.GetAttachmentAsync(received, attachment)));
        }

        // The history shows the report delivered: both e-mails sent.
        var history = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync($"/api/v1/clients/{id}/reports"))!.AsArray();
        var listed = Assert.Single(history)!;
        Assert.Equal(("delivered", "schedule", 2, 0), ((string)listed["status"]!, (string)listed["trigger"]!, (int)listed["deliveries"]!["sent"]!, (int)listed["deliveries"]!["failed"]!));
    }
}
