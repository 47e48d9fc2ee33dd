namespace KpiFunctions.App.Delivery;

/// <summary>How rendered reports are e-mailed. Bound from the <c>Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The default of <see cref="MaxAttachmentBytes"/>: 5 MB, below what most mail servers accept.</summary>
    public const long DefaultMaxAttachmentBytes = 5 * 1024 * 1024;

    /// <summary>The SMTP server's host name. Nothing is sent while it is not set: every recipient fails with that reason.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>The SMTP server's port: 587 for submission with STARTTLS, 465 for TLS on connect, 25 or 1025 locally.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>The SMTP user; no authentication when empty.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP password (a secret: keep it in Key Vault or user secrets, not in a file).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Transport security: <see cref="SmtpSecurity.StartTls"/> (the default, required), <see cref="SmtpSecurity.SslOnConnect"/>,
    /// <see cref="SmtpSecurity.Auto"/> (TLS on port 465, STARTTLS when offered, otherwise plain) or
    /// <see cref="SmtpSecurity.None"/> (plain text: a local test server only).
    /// </summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The sender's address, e.g. <c>reports@example-agency.com</c>. Nothing is sent while it is not set.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name; <c>Reports:AgencyName</c> when empty.</summary>
    public string? FromName { get; set; }

    /// <summary>
    /// The agency's contact address, e.g. <c>hello@example-agency.com</c>: where replies go (the Reply-To of every e-mail
    /// whose client has no <c>replyTo</c> of its own), shown in the e-mail's footer. The sender's address when empty.
    /// </summary>
    public string? ReplyTo { get; set; }

    /// <summary>The agency's phone number for the e-mail's footer, as it should be printed (<c>+46 8 123 45 67</c>); none when empty.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>A PDF larger than this is not attached: the e-mail carries a time-limited download link instead.</summary>
    public long MaxAttachmentBytes { get; set; } = DefaultMaxAttachmentBytes;

    /// <summary>How many times one recipient is tried in one round before its failure is final.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The waits before the second, third, ... attempt; the last one repeats. Empty: 1, 5, 15 and 60 minutes.
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>How long one SMTP operation (connect, a command, the message) may take.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        TimeSpan[] delays = RetryDelays is { Length: > 0 } configured
            ? configured
            : [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)];
        return delays[Math.Clamp(attempts - 1, 0, delays.Length - 1)];
    }
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text. Only for a local test server.</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it is not used.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on port 465, otherwise STARTTLS when the server offers it, otherwise plain text.</summary>
    Auto,
}
