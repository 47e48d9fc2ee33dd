using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Reports;
using MimeKit;

namespace KpiFunctions.App.Delivery;

/// <summary>What the e-mail carries: the PDF itself, or a link to it when it is too large.</summary>
/// <param name="Pdf">The PDF to attach; null when <paramref name="Link"/> is sent instead.</param>
/// <param name="FileName">The attachment's file name.</param>
/// <param name="Link">The time-limited download link, for a PDF too large to attach.</param>
/// <param name="LinkExpiresAt">When <paramref name="Link"/> stops working.</param>
public sealed record ReportContent(byte[]? Pdf, string FileName, Uri? Link, DateTimeOffset? LinkExpiresAt);

/// <summary>The short e-mail that carries a report, in the client's language.</summary>
public static class DeliveryEmail
{
    /// <summary>
    /// The Message-Id of the e-mail to <paramref name="email"/> in <paramref name="round"/>: the same on every attempt,
    /// so that a mail system that did get an earlier attempt can tell this one is the same message.
    /// </summary>
    public static string MessageId(string clientId, string reportId, string round, string email, string domain)
    {
        var recipient = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Key(email))))[..16];
        return $"{clientId}.{reportId}.{round}.{recipient}@{domain}";
    }

    public static MimeMessage Compose(
        Client client,
        ReportRecord report,
        string agency,
        MailboxAddress from,
        Recipient to,
        ReportContent content,
        string messageId,
        DateTimeOffset date)
    {
        var (texts, culture) = DeliveryTexts.For(client.Locale);
        var period = Period(report.From, report.To, culture);
        string Fill(string text) => text
            .Replace("{client}", client.Name, StringComparison.Ordinal)
            .Replace("{period}", period, StringComparison.Ordinal)
            .Replace("{agency}", agency, StringComparison.Ordinal)
            .Replace("{name}", to.Name ?? "", StringComparison.Ordinal)
            .Replace("{expires}", content.LinkExpiresAt is { } expires ? LocalTime(expires, client, culture) : "", StringComparison.Ordinal);

        var text = new StringBuilder()
            .Append(Fill(to.Name is null ? texts.GreetingNoName : texts.Greeting)).Append("\n\n");
        if (content.Link is { } link)
        {
            text.Append(Fill(texts.Linked)).Append('\n').Append(link.AbsoluteUri).Append("\n\n");
        }
        else
        {
            text.Append(Fill(texts.Attached)).Append("\n\n");
        }

        text.Append(Fill(texts.Closing)).Append('\n').Append(agency).Append('\n');

        var body = new BodyBuilder { TextBody = text.ToString() };
        if (content.Pdf is { } pdf)
        {
            body.Attachments.Add(content.FileName, pdf, new ContentType("application", "pdf"));
        }

        var message = new MimeMessage
        {
            Subject = Fill(texts.Subject),
            MessageId = messageId,
            Date = date,
            Body = body.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(to.Name, to.Email));
        // Marks the mail as sent by a machine, so that out-of-office replies are not sent back (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    /// <summary>"March 2026" for a calendar month, otherwise the first and last day, in the culture's own forms.</summary>
    public static string Period(DateOnly from, DateOnly to, CultureInfo culture)
    {
        var wholeMonth = from.Day == 1 && to == from.AddMonths(1).AddDays(-1);
        return wholeMonth
            ? from.ToString("Y", culture)
            : $"{from.ToString("d", culture)} – {to.ToString("d", culture)}";
    }

    private static string LocalTime(DateTimeOffset instant, Client client, CultureInfo culture)
    {
        var (local, zone) = TimeZoneInfo.TryFindSystemTimeZoneById(client.TimeZone, out var tz)
            ? (TimeZoneInfo.ConvertTime(instant, tz), client.TimeZone)
            : (instant.ToUniversalTime(), "UTC");
        return $"{local.ToString("d", culture)} {local.ToString("t", culture)} ({zone})";
    }
}
