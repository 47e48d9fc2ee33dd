using System.Globalization;
using KpiFunctions.Kpis;
using KpiFunctions.Reports.Localization;
using KpiFunctions.Reports.Pdf;
using SkiaSharp;

namespace KpiFunctions.Reports;

/// <summary>One headline KPI of a report as the e-mail that carries the report shows it: the PDF's words and numbers.</summary>
/// <param name="KpiId">The KPI's id.</param>
/// <param name="Name">The KPI's name in the report's language.</param>
/// <param name="Value">The value over the period, with its unit ("1 319 379", "3,4 %", "SEK 12 400").</param>
/// <param name="Change">The change against the comparison, signed, with its unit (percentage points for percent KPIs), or "–".</param>
/// <param name="ChangePercent">The relative change, signed ("+12,3 %"), or "–".</param>
/// <param name="Direction">1 up, -1 down, 0 no change at the printed precision (no arrow then).</param>
/// <param name="Tone">Whether the change is good or bad for this KPI; the PDF colours it the same way.</param>
public sealed record HeadlineNumber(string KpiId, string Name, string Value, string Change, string ChangePercent, int Direction, Tone Tone)
{
    /// <summary>The change shown first, as on the PDF's cards: the relative change, else the absolute one; null when neither.</summary>
    public string? MainChange =>
        ChangePercent != ReportFormatter.Missing ? ChangePercent : Change != ReportFormatter.Missing ? Change : null;

    /// <summary>The absolute change shown after <see cref="MainChange"/>, when both are known; otherwise null.</summary>
    public string? SecondChange =>
        ChangePercent != ReportFormatter.Missing && Change != ReportFormatter.Missing ? Change : null;
}

/// <summary>
/// The report's colours as <c>#RRGGBB</c>, for HTML: the agency's brand colours (a malformed one falls back as in the
/// PDF) and the PDF's own text, card and signal colours, so an e-mail looks like its report.
/// </summary>
public sealed record ReportColors(
    string Primary,
    string Accent,
    string OnPrimary,
    string PrimaryTint,
    string Text,
    string Muted,
    string Faint,
    string Card,
    string Rule,
    string Good,
    string Bad,
    string Neutral)
{
    /// <summary>The colours of reports branded with <paramref name="branding"/>.</summary>
    public static ReportColors Of(Branding branding)
    {
        var palette = new Palette(branding);
        return new ReportColors(
            Hex(palette.Primary),
            Hex(palette.Accent),
            Hex(palette.OnPrimary),
            Hex(palette.PrimaryTint),
            Hex(Palette.Text),
            Hex(Palette.Muted),
            Hex(Palette.Faint),
            Hex(Palette.Card),
            Hex(Palette.RuleColor),
            Hex(Palette.Good),
            Hex(Palette.Bad),
            Hex(Palette.Neutral));
    }

    /// <summary>Green for an improvement, red for a decline, grey otherwise, as in the PDF.</summary>
    public string ForTone(Tone tone) => tone switch
    {
        Tone.Good => Good,
        Tone.Bad => Bad,
        _ => Neutral,
    };

    private static string Hex(SKColor c) => string.Create(CultureInfo.InvariantCulture, $"#{c.Red:X2}{c.Green:X2}{c.Blue:X2}");
}

/// <summary>
/// What the e-mail carrying a report shows of it: the first headline KPIs of its executive summary with their changes,
/// and its period, in the report's language, formatted by the report's own formatter so that e-mail and PDF agree.
/// </summary>
/// <param name="Language">The language of the words: <c>en</c>, <c>sv</c>, <c>nb</c>, <c>zh</c>, <c>tr</c> or <c>th</c> (see <see cref="ReportLanguages"/>).</param>
/// <param name="Culture">The culture of the numbers and dates, as in the PDF.</param>
/// <param name="ReportTitle">The report's title, as on the PDF's cover.</param>
/// <param name="PeriodText">The period as the PDF's cover prints it ("1 november 2026 – 30 november 2026").</param>
/// <param name="Headline">The headline KPIs in the PDF's order, at most the number asked for.</param>
public sealed record ReportEmailSummary(string Language, CultureInfo Culture, string ReportTitle, string PeriodText, IReadOnlyList<HeadlineNumber> Headline)
{
    /// <summary>How many headline numbers an e-mail shows by default.</summary>
    public const int DefaultCount = 4;

    /// <summary>
    /// The summary of a report over <paramref name="period"/> for a client in <paramref name="locale"/> and
    /// <paramref name="currency"/>: the first <paramref name="count"/> of <paramref name="headlineKpis"/> that are in
    /// <paramref name="kpis"/> (the report's stored values), each as the PDF's executive summary prints it.
    /// </summary>
    public static ReportEmailSummary Create(
        string locale,
        string currency,
        string timeZone,
        DateRange period,
        DateRange? comparison,
        CompareMode compare,
        IReadOnlyList<string> headlineKpis,
        IReadOnlyList<KpiResult> kpis,
        int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(headlineKpis);
        ArgumentNullException.ThrowIfNull(kpis);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // The report's own view of a document holding just these numbers: the very code that prints the PDF's cards.
        var document = new ReportDocument(
            new Branding("", "", "", null), "", locale, timeZone, currency, period, comparison, compare,
            headlineKpis, kpis, [], [], [], [], new DataNote([], [], DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch);
        var view = new ReportView(document);
        return new ReportEmailSummary(
            view.Labels.Language,
            view.Format.Culture,
            view.Labels.ReportTitle,
            view.PeriodText,
            [.. view.Headline.Take(count).Select(l => new HeadlineNumber(l.Kpi.Id, l.Name, l.Value, l.Change, l.ChangePercent, l.Direction, l.Tone))]);
    }

    /// <summary>
    /// A period by the name the PDF gives it in <paramref name="locale"/>: "november 2026", "Q3 2026",
    /// "september–oktober 2026", "vecka 47, 2026", else its first and last day.
    /// </summary>
    public static string PeriodName(string locale, DateRange period) => new ReportFormatter(locale, "", "UTC").PeriodName(period);
}
