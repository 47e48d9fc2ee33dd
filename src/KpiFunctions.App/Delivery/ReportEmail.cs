using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Reports;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;
using MimeKit;

namespace KpiFunctions.App.Delivery;

/// <summary>What goes into every e-mail of one report.</summary>
/// <param name="Client">The client.</param>
/// <param name="Report">The rendered report.</param>
/// <param name="Branding">The agency's name, colours and logo, as on the report.</param>
/// <param name="From">The sender.</param>
/// <param name="ReplyTo">Where replies go: the client's <c>replyTo</c>, else the agency's; null for the sender.</param>
/// <param name="ContactPhone">The agency's phone number for the footer, if any.</param>
/// <param name="Snapshot">The numbers and commentary of the report's JSON snapshot; null when it has none (the e-mail leaves them out).</param>
/// <param name="Content">The PDF, or the link to it.</param>
public sealed record ReportEmailParts(
    Client Client,
    ReportRecord Report,
    Branding Branding,
    MailboxAddress From,
    MailboxAddress? ReplyTo,
    string? ContactPhone,
    SnapshotHeadline? Snapshot,
    ReportContent Content);

/// <summary>
/// The e-mail that carries a report, in the report's language: multipart/alternative with a plain-text part and an
/// HTML part of the same content (greeting, what is attached, the headline numbers with their changes, the commentary's
/// first lines, the agency's contact), branded like the report (colours, logo as an inline CID image, agency name), and
/// the PDF attached under a name people read ("Nordlys Coffee Roasters – november 2026.pdf"). Made once per report;
/// <see cref="Compose"/> makes each recipient's message.
/// </summary>
public sealed class ReportEmail
{
    private const string Up = "▲";
    private const string Down = "▼";
    private const string FontStack =
        "font-family:'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans','Noto Sans Thai','Noto Sans CJK SC','Microsoft YaHei',sans-serif;";

    // Every character that is not markup stays as it is (Chinese and Thai stay readable in the source).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly ReportEmailParts _parts;
    private readonly DeliveryTexts _texts;
    private readonly CultureInfo _culture;
    private readonly ReportEmailSummary _summary;
    private readonly ReportColors _colors;
    private readonly string _period;
    private readonly string? _comparison;
    private readonly IReadOnlyList<string> _commentary;
    private readonly bool _commentaryCut;
    private readonly string _contact;
    private readonly (int Width, int Height)? _logoSize;

    public ReportEmail(ReportEmailParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts;
        var report = parts.Report;
        var snapshot = parts.Snapshot;
        // The report's own locale and currency, as it was rendered, so the e-mail reads like its PDF.
        var locale = snapshot?.Locale ?? parts.Client.Locale;
        (_texts, _culture) = DeliveryTexts.For(locale);
        var period = new DateRange(report.From, report.To);
        var comparison = snapshot is null ? period.ComparedTo(report.Compare) : snapshot.Comparison;
        _summary = ReportEmailSummary.Create(
            locale,
            snapshot?.Currency ?? parts.Client.Currency,
            snapshot?.TimeZone ?? parts.Client.TimeZone,
            period,
            comparison,
            report.Compare,
            snapshot?.HeadlineKpis ?? [],
            snapshot?.Kpis ?? []);
        _colors = ReportColors.Of(parts.Branding);
        _period = DeliveryTexts.Period(period, _culture);
        _comparison = comparison is { } c ? DeliveryTexts.Period(c, _culture) : null;
        // The commentary as the PDF printed it: the summary's first lines, or the next steps' when there is no summary.
        var commentary = snapshot?.Commentary;
        (_commentary, _commentaryCut) = DeliveryEmail.Excerpt(
            string.IsNullOrWhiteSpace(commentary?.Summary) ? commentary?.NextSteps : commentary.Summary);
        _contact = (parts.ReplyTo ?? parts.From).Address;
        _logoSize = parts.Branding.LogoPng is { } png ? PngSize(png) : null;
        FileName = DeliveryEmail.ReportFileName(parts.Client.Name, locale, report.ClientId, report.ReportId, period);
        Subject = Fill(_texts.Subject);
    }

    /// <summary>The attachment's file name.</summary>
    public string FileName { get; }

    public string Subject { get; }

    /// <summary>The headline numbers the e-mail shows.</summary>
    public IReadOnlyList<HeadlineNumber> Headline => _summary.Headline;

    /// <summary>The message to <paramref name="to"/>.</summary>
    public MimeMessage Compose(Recipient to, string messageId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(to);
        var name = DeliveryEmail.GreetingName(to, _texts.GreetsByFirstName);
        var greeting = name is null ? _texts.GreetingNoName : _texts.Greeting.Replace("{name}", name, StringComparison.Ordinal);
        var logoId = $"logo.{messageId}";

        var body = new BodyBuilder { TextBody = Text(greeting), HtmlBody = HtmlBody(greeting, _logoSize is null ? null : logoId) };
        if (_logoSize is not null)
        {
            var logo = body.LinkedResources.Add("logo.png", _parts.Branding.LogoPng!, new ContentType("image", "png"));
            logo.ContentId = logoId;
        }

        if (_parts.Content.Pdf is { } pdf)
        {
            // MimeKit writes a non-ASCII name RFC 2231-encoded (filename*=utf-8''...), which mail programs decode.
            body.Attachments.Add(FileName, pdf, new ContentType("application", "pdf"));
        }

        var message = new MimeMessage
        {
            Subject = Subject,
            MessageId = messageId,
            Date = date,
            Body = body.ToMessageBody(),
        };
        message.From.Add(_parts.From);
        message.To.Add(new MailboxAddress(to.Name, to.Email));
        if (_parts.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(replyTo);
        }

        // Marks the mail as sent by a machine, so that out-of-office replies are not sent back (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    /// <summary>The plain-text part: the same content as the HTML, in reading order.</summary>
    private string Text(string greeting)
    {
        var text = new StringBuilder().Append(greeting).Append("\n\n");
        if (_parts.Content.Link is { } link)
        {
            text.Append(Fill(_texts.Linked)).Append('\n').Append(link.AbsoluteUri).Append("\n\n");
        }
        else
        {
            text.Append(Fill(_texts.Attached)).Append("\n\n");
        }

        if (Headline.Count > 0)
        {
            text.Append(_texts.KeyFigures).Append('\n');
            foreach (var number in Headline)
            {
                text.Append("- ").Append(number.Name).Append(": ").Append(number.Value);
                if (number.MainChange is { } change)
                {
                    text.Append("  ").Append(Arrow(number)).Append(change);
                    if (number.SecondChange is { } second)
                    {
                        text.Append(" (").Append(second).Append(')');
                    }
                }

                text.Append('\n');
            }

            if (_comparison is not null)
            {
                text.Append(Fill(_texts.ComparedWith)).Append('\n');
            }

            text.Append('\n');
        }

        if (_commentary.Count > 0)
        {
            text.Append(Fill(_texts.Commentary)).Append('\n');
            foreach (var line in _commentary)
            {
                text.Append(line).Append('\n');
            }

            if (_commentaryCut)
            {
                text.Append(_texts.CommentaryContinues).Append('\n');
            }

            text.Append('\n');
        }

        if (_parts.Content.Pdf is not null)
        {
            text.Append(Fill(_texts.Attachment)).Append("\n\n");
        }

        text.Append(_texts.Closing).Append('\n').Append(_parts.Branding.AgencyName).Append("\n\n");
        text.Append("-- \n").Append(Fill(_texts.Contact)).Append('\n').Append(FooterLine()).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The HTML part: tables and inline styles only (what mail programs keep), at most 600 pixels wide, every client and
    /// agency string encoded. <paramref name="logoId"/> is the Content-ID of the inline logo; none when null.
    /// </summary>
    private string HtmlBody(string greeting, string? logoId)
    {
        var c = _colors;
        var h = new StringBuilder(16 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"").Append(Enc(_texts.Language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light\">\n<title>").Append(Enc(Subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background:").Append(c.Card).Append(";\">\n");

        // The preview line of mail programs' message lists; hidden in the message itself.
        h.Append("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">")
            .Append(Enc(Fill(_parts.Content.Link is null ? _texts.Attached : _texts.Linked))).Append("</div>\n");

        h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:")
            .Append(c.Card).Append(";\">\n<tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background:#FFFFFF;border-collapse:collapse;")
            .Append(FontStack).Append("color:").Append(c.Text).Append(";\">\n");

        ComposeHeader(h, logoId);
        ComposeTitle(h);
        h.Append("<tr><td style=\"padding:8px 32px 0;font-size:15px;line-height:1.55;\">\n")
            .Append("<p style=\"margin:16px 0 0;\">").Append(Enc(greeting)).Append("</p>\n")
            .Append("<p style=\"margin:12px 0 0;\">").Append(Enc(Fill(_parts.Content.Link is null ? _texts.Attached : _texts.Linked))).Append("</p>\n");
        if (_parts.Content.Link is { } link)
        {
            ComposeButton(h, link);
        }

        h.Append("</td></tr>\n");
        ComposeHeadline(h);
        ComposeCommentary(h);
        if (_parts.Content.Pdf is not null)
        {
            h.Append("<tr><td style=\"padding:20px 32px 0;font-size:13px;color:").Append(c.Muted).Append(";\">")
                .Append(EncodeAround(_texts.Attachment, "{file}", "<strong style=\"color:" + c.Text + ";\">" + Enc(FileName) + "</strong>"))
                .Append("</td></tr>\n");
        }

        h.Append("<tr><td style=\"padding:24px 32px 28px;font-size:15px;line-height:1.55;\">").Append(Enc(_texts.Closing))
            .Append("<br><strong>").Append(Enc(_parts.Branding.AgencyName)).Append("</strong></td></tr>\n");
        ComposeFooter(h);
        h.Append("</table>\n</td></tr>\n</table>\n</body>\n</html>\n");
        return h.ToString();
    }

    private void ComposeHeader(StringBuilder h, string? logoId)
    {
        var c = _colors;
        h.Append("<tr><td style=\"background:").Append(c.Primary).Append(";padding:20px 32px;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>\n");
        if (logoId is not null && _logoSize is var (width, height))
        {
            // On a white card, as on the PDF's cover, so that a logo in the brand colour stays visible on the band.
            var scale = Math.Min(1, Math.Min(180.0 / width, 48.0 / height));
            var (w, hgt) = ((int)Math.Round(width * scale), (int)Math.Round(height * scale));
            h.Append("<td valign=\"middle\" style=\"width:1%;\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>")
                .Append("<td style=\"background:#FFFFFF;border-radius:6px;padding:6px;\">")
                .Append("<img src=\"cid:").Append(Enc(logoId)).Append("\" width=\"").Append(Int(w)).Append("\" height=\"").Append(Int(hgt))
                .Append("\" alt=\"").Append(Enc(_parts.Branding.AgencyName)).Append("\" style=\"display:block;border:0;width:")
                .Append(Int(w)).Append("px;height:").Append(Int(hgt)).Append("px;\"></td></tr></table></td>\n");
        }

        h.Append("<td valign=\"middle\" align=\"").Append(logoId is null ? "left" : "right").Append("\" style=\"color:").Append(c.OnPrimary)
            .Append(";font-size:16px;font-weight:bold;\">").Append(Enc(_parts.Branding.AgencyName)).Append("</td>\n")
            .Append("</tr></table>\n</td></tr>\n")
            .Append("<tr><td style=\"background:").Append(c.Accent).Append(";height:5px;line-height:5px;font-size:0;\">&nbsp;</td></tr>\n");
    }

    private void ComposeTitle(StringBuilder h)
    {
        h.Append("<tr><td style=\"padding:28px 32px 0;\">\n")
            .Append("<div style=\"font-size:12px;letter-spacing:0.04em;text-transform:uppercase;color:").Append(_colors.Muted).Append(";\">")
            .Append(Enc(_summary.ReportTitle)).Append("</div>\n")
            .Append("<h1 style=\"margin:6px 0 0;font-size:24px;line-height:1.25;color:").Append(_colors.Text).Append(";\">")
            .Append(Enc(_parts.Client.Name)).Append("</h1>\n")
            .Append("<div style=\"margin-top:4px;font-size:15px;color:").Append(_colors.Primary).Append(";\">").Append(Enc(_period)).Append("</div>\n")
            .Append("</td></tr>\n");
    }

    private void ComposeButton(StringBuilder h, Uri link)
    {
        var url = Enc(link.AbsoluteUri);
        h.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:16px 0 0;\"><tr>")
            .Append("<td style=\"background:").Append(_colors.Primary).Append(";border-radius:6px;\">")
            .Append("<a href=\"").Append(url).Append("\" style=\"display:inline-block;padding:12px 22px;font-size:15px;font-weight:bold;color:")
            .Append(_colors.OnPrimary).Append(";text-decoration:none;\">").Append(Enc(_texts.Download)).Append("</a></td></tr></table>\n")
            .Append("<p style=\"margin:10px 0 0;font-size:12px;word-break:break-all;color:").Append(_colors.Muted).Append(";\">")
            .Append("<a href=\"").Append(url).Append("\" style=\"color:").Append(_colors.Muted).Append(";\">").Append(url).Append("</a></p>\n");
    }

    /// <summary>Three or four tiles, as the PDF's cards: name, value, the change with its arrow in the KPI's good or bad colour.</summary>
    private void ComposeHeadline(StringBuilder h)
    {
        var numbers = Headline;
        if (numbers.Count == 0)
        {
            return;
        }

        var c = _colors;
        // Four tiles go two by two: a value such as "SEK 1 234 567" needs more than a quarter of 600 pixels.
        var perRow = numbers.Count == 4 ? 2 : numbers.Count;
        h.Append("<tr><td style=\"padding:24px 24px 0;\">\n")
            .Append("<div style=\"padding:0 8px 4px;font-size:13px;font-weight:bold;color:").Append(c.Primary).Append(";\">")
            .Append(Enc(_texts.KeyFigures)).Append("</div>\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\n");
        foreach (var row in numbers.Chunk(perRow))
        {
            h.Append("<tr>\n");
            foreach (var n in row)
            {
                var tone = c.ForTone(n.Tone);
                h.Append("<td width=\"").Append(Int(100 / perRow)).Append("%\" valign=\"top\" style=\"padding:8px;\">")
                    .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:").Append(c.Card)
                    .Append(";border-left:3px solid ").Append(c.Primary).Append(";border-radius:4px;\"><tr><td style=\"padding:12px 14px;\">")
                    .Append("<div style=\"font-size:12px;color:").Append(c.Muted).Append(";\">").Append(Enc(n.Name)).Append("</div>")
                    .Append("<div style=\"margin-top:2px;font-size:22px;font-weight:bold;white-space:nowrap;color:").Append(c.Text).Append(";\">")
                    .Append(Enc(n.Value)).Append("</div>")
                    .Append("<div style=\"margin-top:2px;font-size:13px;\">");
                if (n.MainChange is { } change)
                {
                    h.Append("<span style=\"font-weight:bold;white-space:nowrap;color:").Append(tone).Append(";\">").Append(Enc(Arrow(n) + change)).Append("</span>");
                    if (n.SecondChange is { } second)
                    {
                        h.Append(" <span style=\"white-space:nowrap;color:").Append(c.Muted).Append(";\">(").Append(Enc(second)).Append(")</span>");
                    }
                }
                else
                {
                    h.Append("<span style=\"color:").Append(c.Faint).Append(";\">–</span>");
                }

                h.Append("</div></td></tr></table></td>\n");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n");
        if (_comparison is not null)
        {
            h.Append("<div style=\"padding:0 8px;font-size:12px;color:").Append(c.Muted).Append(";\">").Append(Enc(Fill(_texts.ComparedWith))).Append("</div>\n");
        }

        h.Append("</td></tr>\n");
    }

    private void ComposeCommentary(StringBuilder h)
    {
        if (_commentary.Count == 0)
        {
            return;
        }

        var c = _colors;
        h.Append("<tr><td style=\"padding:24px 32px 0;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:").Append(c.PrimaryTint)
            .Append(";border-left:3px solid ").Append(c.Accent).Append(";\"><tr><td style=\"padding:14px 18px;font-size:14px;line-height:1.55;\">\n")
            .Append("<div style=\"font-weight:bold;color:").Append(c.Primary).Append(";\">").Append(Enc(Fill(_texts.Commentary))).Append("</div>\n")
            .Append("<div style=\"margin-top:6px;\">").Append(string.Join("<br>", _commentary.Select(Enc))).Append("</div>\n");
        if (_commentaryCut)
        {
            h.Append("<div style=\"margin-top:6px;font-size:13px;color:").Append(c.Muted).Append(";\">").Append(Enc(_texts.CommentaryContinues)).Append("</div>\n");
        }

        h.Append("</td></tr></table>\n</td></tr>\n");
    }

    private void ComposeFooter(StringBuilder h)
    {
        var c = _colors;
        var mailto = "<a href=\"mailto:" + Enc(_contact) + "\" style=\"color:" + c.Primary + ";\">" + Enc(_contact) + "</a>";
        h.Append("<tr><td style=\"background:").Append(c.Card).Append(";border-top:1px solid ").Append(c.Rule)
            .Append(";padding:16px 32px;font-size:12px;line-height:1.5;color:").Append(c.Muted).Append(";\">\n")
            .Append(EncodeAround(_texts.Contact, "{contact}", mailto))
            .Append("<br>").Append(Enc(_parts.Branding.AgencyName));
        if (!string.IsNullOrWhiteSpace(_parts.ContactPhone))
        {
            var phone = _parts.ContactPhone.Trim();
            h.Append(" · <a href=\"tel:").Append(Enc(new string([.. phone.Where(ch => char.IsAsciiDigit(ch) || ch == '+')])))
                .Append("\" style=\"color:").Append(c.Muted).Append(";\">").Append(Enc(phone)).Append("</a>");
        }

        h.Append("\n</td></tr>\n");
    }

    private string FooterLine() =>
        string.IsNullOrWhiteSpace(_parts.ContactPhone)
            ? _parts.Branding.AgencyName
            : _parts.Branding.AgencyName + " · " + _parts.ContactPhone.Trim();

    private string Fill(string text) => text
        .Replace("{client}", _parts.Client.Name, StringComparison.Ordinal)
        .Replace("{period}", _period, StringComparison.Ordinal)
        .Replace("{agency}", _parts.Branding.AgencyName, StringComparison.Ordinal)
        .Replace("{comparison}", _comparison ?? "", StringComparison.Ordinal)
        .Replace("{file}", FileName, StringComparison.Ordinal)
        .Replace("{contact}", _contact, StringComparison.Ordinal)
        .Replace("{expires}", _parts.Content.LinkExpiresAt is { } expires ? DeliveryEmail.LocalTime(expires, _parts.Client.TimeZone, _culture) : "", StringComparison.Ordinal);

    /// <summary><paramref name="template"/> filled and encoded, with <paramref name="placeholder"/> replaced by the markup <paramref name="html"/>.</summary>
    private string EncodeAround(string template, string placeholder, string html) =>
        string.Join(html, template.Split(placeholder).Select(part => Enc(Fill(part))));

    private static string Arrow(HeadlineNumber n) => n.Direction switch
    {
        > 0 => Up + " ",
        < 0 => Down + " ",
        _ => "",
    };

    private static string Enc(string text) => Html.Encode(text);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A PNG's width and height from its header; null when the bytes are not a PNG.</summary>
    private static (int Width, int Height)? PngSize(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            return null;
        }

        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
        return width > 0 && height > 0 ? (width, height) : null;
    }
}
