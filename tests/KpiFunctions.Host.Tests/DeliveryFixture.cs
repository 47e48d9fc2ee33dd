using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Kpis;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The real host with delivery pointed at a real SMTP server (MailDev) of its own, on the shared Azurite: one per
/// test class, so that a class may stop and start its SMTP server. Recipients get unique addresses, so tests of a
/// class never see each other's mail.
/// </summary>
public class DeliveryFixture : IAsyncLifetime
{
    public const string Agency = "Northwind Digital";
    public const string FromAddress = "reports@northwind.test";

    /// <summary>The PDFs of <see cref="SaveReportAsync"/> are a few hundred bytes; a padded one above this is linked.</summary>
    public const int MaxAttachmentBytes = 20_000;

    private KpiFunctionsServer? _server;
    private MailDev? _mail;
    private HttpClient? _admin;

    public KpiFunctionsServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public MailDev Mail => _mail ?? throw new InvalidOperationException("MailDev has not started.");

    public HttpClient Admin => _admin ?? throw new InvalidOperationException("The server has not started.");

    public string StorageConnectionString { get; private set; } = "";

    public DeliverReportJob Job => Server.Services.GetRequiredService<DeliverReportJob>();

    /// <summary>Configuration of this fixture's host, besides where the SMTP server is.</summary>
    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["Reports:AgencyName"] = Agency,
        ["Delivery:FromAddress"] = FromAddress,
        ["Delivery:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString(CultureInfo.InvariantCulture),
        ["Delivery:AllowedDomains:0"] = "example.com",
        ["Delivery:AllowedDomains:1"] = "example.org",
        ["Delivery:MaxAttempts"] = "3",
        ["Delivery:RetryDelays:0"] = "00:00:01",
        ["Delivery:SmtpTimeout"] = "00:00:20",
    };

    public async Task InitializeAsync()
    {
        var azurite = await SharedAzurite.GetAsync();
        StorageConnectionString = azurite.ConnectionString;
        _mail = await MailDev.StartAsync();
        var settings = Settings;
        foreach (var (key, value) in _mail.DeliverySettings)
        {
            settings[key] = value;
        }

        _server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, settings);
        _admin = _server.CreateAdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_mail is not null)
        {
            await _mail.DisposeAsync();
        }
    }

    /// <summary>An address no other test uses, at <paramref name="domain"/>.</summary>
    public static string Address(string name, string domain = "example.com") =>
        $"{name}-{Guid.NewGuid().ToString("N")[..10]}@{domain}";

    /// <summary>Creates a client in <paramref name="locale"/> with <paramref name="recipients"/> (saved through PATCH); returns its id.</summary>
    public async Task<string> CreateClientAsync(string prefix, string locale, string timeZone, params (string Email, string? Name)[] recipients)
    {
        var id = TestIds.New(prefix);
        using (var created = await Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id, name = $"Acme {prefix}", timeZone, currency = "EUR", locale }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        if (recipients.Length > 0)
        {
            await PatchOkAsync(id, Api.Json(new { recipients = recipients.Select(r => new { email = r.Email, name = r.Name }) }));
        }

        return id;
    }

    /// <summary>Patches the client with the admin key and checks the answer 200; returns the patched client.</summary>
    public async Task<JsonObject> PatchOkAsync(string clientId, string json)
    {
        using var response = await Admin.PatchClientAsync(clientId, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {json}: expected 200, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>
    /// Stores a report of March 2026 as the renderer would: its PDF (a real one-page PDF, padded to at least
    /// <paramref name="minBytes"/>) in Blob Storage and its record with <paramref name="status"/>. Returns the id and the PDF.
    /// </summary>
    public async Task<(string ReportId, byte[] Pdf)> SaveReportAsync(
        string clientId, ReportStatus status = ReportStatus.Rendered, int minBytes = 0)
    {
        var from = new DateOnly(2026, 3, 1);
        var to = new DateOnly(2026, 3, 31);
        var reportId = "2026-03-01_2026-03-31";
        var pdf = TestPdf.Create($"KPI report {clientId}", minBytes);
        var files = Server.Services.GetRequiredService<ReportFiles>();
        var store = Server.Services.GetRequiredService<ReportStore>();
        var record = new ReportRecord(clientId, reportId, from, to, CompareMode.Previous, status, ReportTrigger.Schedule);
        if (status == ReportStatus.Rendered)
        {
            var (pdfSha, dataSha) = await files.UploadAsync(clientId, reportId, pdf, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
            record = record with { RenderedAt = TimeProvider.System.GetUtcNow(), PdfSha256 = pdfSha, DataSha256 = dataSha, PdfBytes = pdf.Length, Pages = 1 };
        }
        else if (status == ReportStatus.Failed)
        {
            record = record with { Error = "Test: the renderer failed." };
        }

        await store.SaveAsync(record, CancellationToken.None);
        return (reportId, pdf);
    }

    /// <summary>Runs DeliverReport on the initial message of a report, as the renderer enqueues it.</summary>
    public Task DeliverAsync(string clientId, string reportId) =>
        Job.RunAsync(new DeliverReportMessage(clientId, reportId), CancellationToken.None);

    /// <summary>
    /// Runs every message on this host's <c>deliver-report</c> queue, also those that become visible meanwhile (the
    /// retries, after their one-second backoff), until none has shown up for <paramref name="quiet"/>. Returns how
    /// many ran.
    /// </summary>
    public async Task<int> DrainQueueAsync(TimeSpan? quiet = null)
    {
        var queue = Server.Services.GetRequiredService<Queues>().Get(Queues.DeliverReport);
        var idleSince = DateTimeOffset.UtcNow;
        var ran = 0;
        while (DateTimeOffset.UtcNow - idleSince < (quiet ?? TimeSpan.FromSeconds(3)))
        {
            var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(100);
                continue;
            }

            foreach (var message in messages)
            {
                await Job.RunAsync(QueueMessages.Parse<DeliverReportMessage>(message.Body.ToString()), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                ran++;
            }

            idleSince = DateTimeOffset.UtcNow;
        }

        return ran;
    }

    /// <summary>How many messages wait on the queue, hidden ones included.</summary>
    public async Task<int> QueuedCountAsync()
    {
        var queue = Server.Services.GetRequiredService<Queues>().Get(Queues.DeliverReport);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    /// <summary><c>GET .../deliveries</c> with <paramref name="http"/> (the admin by default), which must answer 200.</summary>
    public async Task<List<JsonObject>> GetDeliveriesAsync(string clientId, string reportId, HttpClient? http = null)
    {
        using var response = await (http ?? Admin).GetAsync($"/api/v1/clients/{clientId}/reports/{reportId}/deliveries");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET deliveries: expected 200, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray().Select(d => d!.AsObject()).ToList();
    }

    /// <summary>The delivery of <paramref name="email"/> in <paramref name="round"/>.</summary>
    public static JsonObject Of(IEnumerable<JsonObject> deliveries, string email, string round = DeliveryRounds.Initial) =>
        Assert.Single(deliveries, d => (string)d["email"]! == email && (string)d["round"]! == round);

    /// <summary>The Deliveries table of this host, to set up states the API cannot make (a claim left by a dead process).</summary>
    public TableClient DeliveriesTable =>
        new TableServiceClient(StorageConnectionString).GetTableClient(Server.Prefix + "Deliveries");

    public Task<HttpResponseMessage> ResendAsync(string clientId, string reportId, object? body, HttpClient? http = null) =>
        (http ?? Admin).PostAsync(
            $"/api/v1/clients/{clientId}/reports/{reportId}/resend",
            body is null ? null : JsonContent.Create(body));
}

/// <summary>The fixture of the fault tests: default attachment size (5 MB), so that large attachments take a while to send.</summary>
public sealed class DeliveryFaultFixture : DeliveryFixture
{
    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings.Remove("Delivery:MaxAttachmentBytes");
            return settings;
        }
    }
}

/// <summary>Small, valid one-page PDFs, written by hand with a correct cross-reference table.</summary>
public static class TestPdf
{
    public static byte[] Create(string text, int minBytes = 0)
    {
        var content = new StringBuilder($"BT /F1 24 Tf 72 760 Td ({text.Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal)}) Tj ET\n");
        // Comment lines in the content stream: valid PDF that makes the file as large as a test needs.
        var line = "% " + new string('x', 77) + "\n";
        while (content.Length < minBytes)
        {
            content.Append(line);
        }

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {content.Length} >>\nstream\n{content}endstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
