using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.Testing;

/// <summary>
/// A real SMTP server that keeps what it receives: MailDev (installed by <c>npm ci</c> into the repository's
/// node_modules), on free loopback ports, with its web inbox and REST API (<c>GET /api/email</c>) on
/// <see cref="WebUrl"/>. It can be stopped and started again on the same ports; the mail it received stays (it keeps
/// it in its own folder).
/// </summary>
public sealed partial class MailDev : IAsyncDisposable
{
    private readonly string _mailDirectory;
    private readonly HttpClient _http;
    private Process? _process;

    private MailDev(int smtpPort, int webPort, string mailDirectory)
    {
        SmtpPort = smtpPort;
        WebPort = webPort;
        _mailDirectory = mailDirectory;
        WebUrl = new Uri($"http://127.0.0.1:{webPort}/");
        _http = new HttpClient { BaseAddress = WebUrl };
    }

    /// <summary>The SMTP port, on 127.0.0.1, plain text, no authentication.</summary>
    public int SmtpPort { get; }

    /// <summary>The web inbox's port.</summary>
    public int WebPort { get; }

    /// <summary>The web inbox; its REST API is under <c>api/</c>.</summary>
    public Uri WebUrl { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts MailDev on free ports with an empty inbox.</summary>
    public static async Task<MailDev> StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kpifunctions-maildev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var mailDev = new MailDev(LoopbackPorts.Free(), LoopbackPorts.Free(), directory);
        await mailDev.RestartAsync(cancellationToken);
        return mailDev;
    }

    /// <summary>
    /// The settings that point the host's delivery at this server (<c>Delivery:SmtpHost</c>, <c>SmtpPort</c>,
    /// <c>Security</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string?> DeliverySettings => new Dictionary<string, string?>
    {
        ["Delivery:SmtpHost"] = "127.0.0.1",
        ["Delivery:SmtpPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Delivery:Security"] = "None",
    };

    /// <summary>Stops the server as a crash or outage would: connections drop, the port refuses.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await NodeProcess.KillAsync(_process);
        _process = null;
    }

    /// <summary>Starts the server (again) on the same ports, with the mail it received before.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        DropPartialMessages();
        var process = NodeProcess.Start("MailDev", Path.Combine("maildev", "dist", "bin", "maildev.js"),
        [
            "--silent",
            "--ip", "127.0.0.1", "--smtp", $"{SmtpPort}",
            "--web-ip", "127.0.0.1", "--web", $"{WebPort}",
            "--mail-directory", _mailDirectory,
        ]);
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await LoopbackPorts.WaitForListenerAsync(process, "MailDev", SmtpPort, timeout.Token);
        while (true)
        {
            try
            {
                using var health = await _http.GetAsync("api/healthz", timeout.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> ListAsync(CancellationToken cancellationToken = default)
    {
        var array = JsonNode.Parse(await _http.GetStringAsync("api/email?sort=asc", cancellationToken))!.AsArray();
        return array.Select(m => ReceivedMail.FromJson(m!.AsObject())).OrderBy(m => m.ReceivedAt).ToList();
    }

    /// <summary>The messages whose envelope goes to <paramref name="address"/> (any letter case).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> ListToAsync(string address, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken))
            .Where(m => m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase))
            .ToList();

    /// <summary>The bytes of an attachment as received.</summary>
    public async Task<byte[]> GetAttachmentAsync(ReceivedMail mail, ReceivedAttachment attachment, CancellationToken cancellationToken = default) =>
        await _http.GetByteArrayAsync($"api/email/{mail.Id}/attachment/{Uri.EscapeDataString(attachment.GeneratedFileName)}", cancellationToken);

    /// <summary>The raw message as received (RFC 5322), headers included.</summary>
    public async Task<string> GetSourceAsync(ReceivedMail mail, CancellationToken cancellationToken = default) =>
        await _http.GetStringAsync($"api/email/{mail.Id}/source", cancellationToken);

    /// <summary>The raw message's bytes as received, for a MIME parser.</summary>
    public async Task<byte[]> GetRawAsync(ReceivedMail mail, CancellationToken cancellationToken = default) =>
        await _http.GetByteArrayAsync($"api/email/{mail.Id}/source", cancellationToken);

    /// <summary>Waits until <paramref name="until"/> holds for the inbox; returns the inbox.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(
        Func<IReadOnlyList<ReceivedMail>, bool> until, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            var mails = await ListAsync(limit.Token);
            if (until(mails))
            {
                return mails;
            }

            await Task.Delay(20, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder: left for the system to clean.
        }
    }

    /// <summary>
    /// Deletes messages whose DATA was cut off by a stop. MailDev writes each message to its folder while it streams in,
    /// so a stop in the middle of one leaves a truncated file that it would restore as received on the next start;
    /// but a message whose DATA the server never acknowledged was not received, by any SMTP server. A MIME multipart
    /// message is complete when it holds its closing boundary; the one-part messages here are a single short chunk.
    /// </summary>
    private void DropPartialMessages()
    {
        foreach (var file in Directory.EnumerateFiles(_mailDirectory, "*.eml"))
        {
            var text = File.ReadAllText(file);
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
            }

            var boundary = headerEnd < 0 ? null : Boundary().Match(Unfold().Replace(text[..headerEnd], " "));
            var complete = headerEnd >= 0
                && (boundary is not { Success: true } || text.Contains("--" + boundary.Groups["b"].Value + "--", StringComparison.Ordinal));
            if (!complete)
            {
                File.Delete(file);
                var attachments = Path.Combine(_mailDirectory, Path.GetFileNameWithoutExtension(file));
                if (Directory.Exists(attachments))
                {
                    Directory.Delete(attachments, recursive: true);
                }
            }
        }
    }

    [GeneratedRegex(@"\r?\n[ \t]+")]
    private static partial Regex Unfold();

    [GeneratedRegex(@"(?im)^content-type:\s*multipart/[^\r\n]*?boundary=""?(?<b>[^"";\r\n]+)""?")]
    private static partial Regex Boundary();
}

/// <summary>A message as MailDev received it.</summary>
/// <param name="Id">MailDev's id, for the attachment and source calls.</param>
/// <param name="MessageId">The Message-Id header without angle brackets.</param>
/// <param name="From">The From address.</param>
/// <param name="To">The To header's addresses.</param>
/// <param name="EnvelopeTo">Who the SMTP envelope delivered it to.</param>
/// <param name="Subject">The decoded subject.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Attachments">The attachments.</param>
/// <param name="ReceivedAt">When MailDev received it.</param>
public sealed record ReceivedMail(
    string Id,
    string? MessageId,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> EnvelopeTo,
    string Subject,
    string Text,
    IReadOnlyList<ReceivedAttachment> Attachments,
    DateTimeOffset ReceivedAt)
{
    internal static ReceivedMail FromJson(JsonObject m)
    {
        static IReadOnlyList<string> Addresses(JsonNode? list) =>
            list?.AsArray().Select(a => (string)a!["address"]!).ToList() ?? [];

        return new ReceivedMail(
            (string)m["id"]!,
            ((string?)m["headers"]?["message-id"])?.Trim('<', '>'),
            Addresses(m["from"]).FirstOrDefault() ?? "",
            Addresses(m["to"]),
            Addresses(m["envelope"]?["to"]),
            (string?)m["subject"] ?? "",
            (string?)m["text"] ?? "",
            m["attachments"]?.AsArray().Select(a => new ReceivedAttachment(
                (string)a!["filename"]!,
                (string)a["contentType"]!,
                (long)a["size"]!,
                (string)a["generatedFileName"]!)).ToList() ?? [],
            DateTimeOffset.Parse((string)m["time"]!, System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>An attachment of a <see cref="ReceivedMail"/>.</summary>
/// <param name="FileName">The file name the sender gave.</param>
/// <param name="ContentType">Its MIME type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="GeneratedFileName">MailDev's name for it, for <see cref="MailDev.GetAttachmentAsync"/>.</param>
public sealed record ReceivedAttachment(string FileName, string ContentType, long Size, string GeneratedFileName);
