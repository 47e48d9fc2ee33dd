using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KpiFunctions.App.Clients;

namespace KpiFunctions.App.Delivery;

/// <summary>What the e-mail carries: the PDF itself, or a link to it when it is too large.</summary>
/// <param name="Pdf">The PDF to attach; null when <paramref name="Link"/> is sent instead.</param>
/// <param name="Link">The time-limited download link, for a PDF too large to attach.</param>
/// <param name="LinkExpiresAt">When <paramref name="Link"/> stops working.</param>
public sealed record ReportContent(byte[]? Pdf, Uri? Link, DateTimeOffset? LinkExpiresAt);

/// <summary>The parts of a report e-mail that do not depend on the report: ids, names, greetings, excerpts.</summary>
public static class DeliveryEmail
{
    /// <summary>Longest attachment name kept, before ".pdf": mail programs and file systems cut longer ones anyway.</summary>
    public const int MaxFileNameLength = 120;

    // Mailboxes of a team or a function rather than a person: greeted without a name, whatever name they are saved with.
    private static readonly HashSet<string> RoleMailboxes = new(StringComparer.Ordinal)
    {
        "info", "hello", "hej", "hei", "contact", "kontakt", "team", "marketing", "marknad", "marknadsforing", "markedsforing",
        "sales", "salg", "forsaljning", "support", "office", "kontor", "admin", "post", "mail", "reports", "rapporter",
        "rapport", "social", "socialmedia", "some", "media", "press", "communications", "kommunikation", "pr", "ekonomi",
        "finance", "noreply", "no-reply",
    };

    // Words in a saved name that say it is a team: "Nordlys marketing team", "Marknadsteamet", "Pazarlama ekibi".
    private static readonly string[] TeamWords = ["team", "gruppe", "avdeling", "avdelning", "ekibi", "ekip", "团队", "部门", "ทีม", "ฝ่าย"];

    /// <summary>
    /// The Message-Id of the e-mail to <paramref name="email"/> in <paramref name="round"/>: the same on every attempt,
    /// so that a mail system that did get an earlier attempt can tell this one is the same message.
    /// </summary>
    public static string MessageId(string clientId, string reportId, string round, string email, string domain)
    {
        var recipient = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Key(email))))[..16];
        return $"{clientId}.{reportId}.{round}.{recipient}@{domain}";
    }

    /// <summary>The report's PDF named for people in the client's language, as it is e-mailed and downloaded.</summary>
    public static string ReportFileName(string clientName, string locale, string clientId, string reportId, KpiFunctions.Kpis.DateRange period) =>
        AttachmentName(clientName, DeliveryTexts.Period(period, DeliveryTexts.For(locale).Culture), $"{clientId}-{reportId}");

    /// <summary>
    /// The attachment's name as people say it, "Nordlys Coffee Roasters – november 2026.pdf", without the characters
    /// file systems refuse (/ \ : * ? " &lt; &gt; | and control characters); <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string AttachmentName(string clientName, string period, string fallback)
    {
        var name = new StringBuilder();
        foreach (var c in $"{clientName} – {period}")
        {
            if (c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')
            {
                name.Append(' ');
            }
            else if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                // Control characters, and invisible format characters (bidi overrides could make "fdp.exe" look like "exe.pdf").
                name.Append(char.IsControl(c) ? " " : "");
            }
            else
            {
                name.Append(c);
            }
        }

        var text = string.Join(' ', name.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ', '–');
        if (text.Length > MaxFileNameLength)
        {
            text = Cut(text, MaxFileNameLength).TrimEnd('.', ' ');
        }

        return (text.Length == 0 ? fallback : text) + ".pdf";
    }

    /// <summary>
    /// The name a greeting uses for <paramref name="to"/>, or null for the neutral greeting: a recipient without a name, a
    /// role mailbox (info@, marketing@, ...) or a name that says it is a team. The first word of the name when
    /// <paramref name="firstName"/> ("Anna" of "Anna Berg"), otherwise the whole name.
    /// </summary>
    public static string? GreetingName(Recipient to, bool firstName)
    {
        ArgumentNullException.ThrowIfNull(to);
        var name = to.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var local = to.Email[..to.Email.LastIndexOf('@')].ToLowerInvariant();
        var parts = local.Split('.', '-', '_', '+');
        if (RoleMailboxes.Contains(local) || parts.Any(p => p is "team" or "info")
            || TeamWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return firstName ? name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] : name;
    }

    /// <summary>
    /// The first lines of a commentary for the e-mail: at most <paramref name="maxLines"/> non-empty lines and
    /// <paramref name="maxChars"/> characters, a long line cut after a whole word (or, in scripts without spaces, a
    /// whole character) and ending in "…". <c>Cut</c> is true when anything was left out (whole lines get no "…": they
    /// end where they end).
    /// </summary>
    public static (IReadOnlyList<string> Lines, bool Cut) Excerpt(string? commentary, int maxLines = 3, int maxChars = 300)
    {
        if (string.IsNullOrWhiteSpace(commentary))
        {
            return ([], false);
        }

        var all = commentary.ReplaceLineEndings("\n").Split('\n')
            .Select(l => string.Join(' ', new string([.. l.Select(c => char.IsControl(c) ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(l => l.Length > 0)
            .ToList();
        var lines = new List<string>();
        var used = 0;
        var cut = all.Count > maxLines;
        foreach (var line in all.Take(maxLines))
        {
            var room = maxChars - used;
            if (new StringInfo(line).LengthInTextElements <= room)
            {
                lines.Add(line);
                used += new StringInfo(line).LengthInTextElements;
                continue;
            }

            cut = true;
            // A stub of a few words reads worse than stopping at the line before.
            if (lines.Count == 0 || room >= 40)
            {
                lines.Add(Cut(line, room).TrimEnd(' ', ',', ';', ':', '-', '–', '，', '、', '；', '：') + "…");
            }

            break;
        }

        return (lines, cut);
    }

    /// <summary>The local date and time of <paramref name="instant"/> in <paramref name="timeZone"/>, with the zone's id.</summary>
    public static string LocalTime(DateTimeOffset instant, string timeZone, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var (local, zone) = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var tz)
            ? (TimeZoneInfo.ConvertTime(instant, tz), timeZone)
            : (instant.ToUniversalTime(), "UTC");
        return $"{local.ToString("d", culture)} {local.ToString("t", culture)} ({zone})";
    }

    /// <summary>
    /// At most <paramref name="max"/> whole characters (text elements: a Thai consonant keeps its vowel and tone marks),
    /// ending after the last whole word when there is a space in the second half.
    /// </summary>
    private static string Cut(string text, int max)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        var end = 0;
        var count = 0;
        while (count < max && elements.MoveNext())
        {
            end = elements.ElementIndex + ((string)elements.Current).Length;
            count++;
        }

        var head = text[..end];
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            var space = head.LastIndexOf(' ');
            if (space > head.Length / 2)
            {
                head = head[..space];
            }
        }

        return head.TrimEnd();
    }
}
