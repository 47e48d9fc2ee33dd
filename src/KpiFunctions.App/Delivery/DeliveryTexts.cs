using System.Globalization;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Delivery;

/// <summary>
/// The e-mail's words in one language, the language of the report it carries (<see cref="ReportLanguages"/>): the KPI
/// names and numbers come from the report, these are the words around them. Placeholders: {client}, {period},
/// {agency}, {name}, {expires}, {comparison}, {file}, {contact}; the period formats take numbered arguments.
/// </summary>
public sealed class DeliveryTexts
{
    private static readonly DeliveryTexts English = new()
    {
        Language = "en",
        Subject = "{agency}: {client} report for {period}",
        Greeting = "Hi {name},",
        GreetingNoName = "Hello,",
        Attached = "Please find attached the {client} report for {period}, prepared by {agency}.",
        Linked = "The {client} report for {period}, prepared by {agency}, is too large to attach. Download it with this link, which works until {expires}:",
        KeyFigures = "Key figures",
        ComparedWith = "Changes compared with {comparison}.",
        Commentary = "A note from {agency}",
        CommentaryContinues = "Continued in the report.",
        Attachment = "Attached: {file}",
        Download = "Download the report",
        Contact = "Questions? Reply to this e-mail or write to {contact}.",
        Closing = "Kind regards,",
        Week = "week {0}, {1}",
        Weeks = "weeks {0}–{1}, {2}",
        Quarter = "Q{0} {1}",
        Months = "{0}–{1} {2}",
    };

    private static readonly Dictionary<string, DeliveryTexts> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = English,
        ["sv"] = new()
        {
            Language = "sv",
            Subject = "{agency}: rapport för {client}, {period}",
            Greeting = "Hej {name},",
            GreetingNoName = "Hej,",
            Attached = "Här bifogas rapporten för {client} för {period}, sammanställd av {agency}.",
            Linked = "Rapporten för {client} för {period}, sammanställd av {agency}, är för stor för att bifogas. Ladda ner den med den här länken, som gäller till {expires}:",
            KeyFigures = "Nyckeltal i korthet",
            ComparedWith = "Förändringar jämfört med {comparison}.",
            Commentary = "Kommentar från {agency}",
            CommentaryContinues = "Fortsättning i rapporten.",
            Attachment = "Bifogad fil: {file}",
            Download = "Ladda ner rapporten",
            Contact = "Frågor? Svara på det här mejlet eller skriv till {contact}.",
            Closing = "Vänliga hälsningar,",
            Week = "vecka {0} {1}",
            Weeks = "vecka {0}–{1} {2}",
            Quarter = "Q{0} {1}",
            Months = "{0}–{1} {2}",
        },
        ["nb"] = new()
        {
            Language = "nb",
            Subject = "{agency}: rapport for {client}, {period}",
            Greeting = "Hei {name},",
            GreetingNoName = "Hei,",
            Attached = "Vedlagt er rapporten for {client} for {period}, utarbeidet av {agency}.",
            Linked = "Rapporten for {client} for {period}, utarbeidet av {agency}, er for stor til å legges ved. Last den ned med denne lenken, som gjelder til {expires}:",
            KeyFigures = "Nøkkeltall i korte trekk",
            ComparedWith = "Endringer sammenlignet med {comparison}.",
            Commentary = "Kommentar fra {agency}",
            CommentaryContinues = "Fortsettelse i rapporten.",
            Attachment = "Vedlegg: {file}",
            Download = "Last ned rapporten",
            Contact = "Spørsmål? Svar på denne e-posten eller skriv til {contact}.",
            Closing = "Vennlig hilsen",
            Week = "uke {0} {1}",
            Weeks = "uke {0}–{1} {2}",
            Quarter = "{0}. kvartal {1}",
            Months = "{0}–{1} {2}",
        },
        ["zh"] = new()
        {
            Language = "zh",
            Subject = "{agency}：{client} {period} 报告",
            // Chinese greets by the whole name (family name first), not by a given name.
            Greeting = "{name}，您好：",
            GreetingNoName = "您好：",
            GreetsByFirstName = false,
            Attached = "附件是 {agency} 为 {client} 编制的 {period} 报告。",
            Linked = "{agency} 为 {client} 编制的 {period} 报告文件较大，无法作为附件发送。请通过以下链接下载，链接有效期至 {expires}：",
            KeyFigures = "核心数据",
            ComparedWith = "以上变化均与 {comparison} 相比。",
            Commentary = "{agency} 点评",
            CommentaryContinues = "完整内容请见报告。",
            Attachment = "附件：{file}",
            Download = "下载报告",
            Contact = "如有疑问，请直接回复本邮件或发送邮件至 {contact}。",
            Closing = "顺祝商祺！",
            Week = "{1}年第{0}周",
            Weeks = "{2}年第{0}–{1}周",
            Quarter = "{1}年第{0}季度",
            Months = "{2}年{3}–{4}月",
        },
        ["tr"] = new()
        {
            Language = "tr",
            Subject = "{agency}: {client} raporu, {period}",
            Greeting = "Merhaba {name},",
            GreetingNoName = "Merhaba,",
            Attached = "{agency} tarafından hazırlanan {client} {period} raporu ektedir.",
            Linked = "{agency} tarafından hazırlanan {client} {period} raporu e-postaya eklenemeyecek kadar büyük. Raporu {expires} tarihine kadar geçerli olan şu bağlantıdan indirebilirsiniz:",
            KeyFigures = "Öne çıkan rakamlar",
            ComparedWith = "Değişimler {comparison} dönemine göredir.",
            Commentary = "{agency} değerlendirmesi",
            CommentaryContinues = "Devamı raporda.",
            Attachment = "Ek: {file}",
            Download = "Raporu indir",
            Contact = "Sorularınız için bu e-postayı yanıtlayabilir veya {contact} adresine yazabilirsiniz.",
            Closing = "Saygılarımızla,",
            Week = "{1} yılı {0}. hafta",
            Weeks = "{2} yılı {0}–{1}. haftalar",
            Quarter = "{1} yılı {0}. çeyrek",
            Months = "{0}–{1} {2}",
        },
        ["th"] = new()
        {
            Language = "th",
            Subject = "{agency}: รายงานของ {client} ประจำ {period}",
            Greeting = "เรียน คุณ{name}",
            GreetingNoName = "เรียน ทุกท่าน",
            Attached = "{agency} ขอส่งรายงานของ {client} ประจำ {period} ตามไฟล์แนบ",
            Linked = "รายงานของ {client} ประจำ {period} ที่ {agency} จัดทำมีขนาดใหญ่เกินกว่าจะแนบไฟล์ได้ กรุณาดาวน์โหลดจากลิงก์ด้านล่าง ซึ่งใช้ได้ถึง {expires}",
            KeyFigures = "ตัวเลขสำคัญ",
            ComparedWith = "การเปลี่ยนแปลงเทียบกับ {comparison}",
            Commentary = "ความเห็นจาก {agency}",
            CommentaryContinues = "อ่านต่อได้ในรายงาน",
            Attachment = "ไฟล์แนบ: {file}",
            Download = "ดาวน์โหลดรายงาน",
            Contact = "หากมีข้อสงสัย กรุณาตอบกลับอีเมลนี้ หรือติดต่อ {contact}",
            Closing = "ขอแสดงความนับถือ",
            Week = "สัปดาห์ที่ {0} ปี {1}",
            Weeks = "สัปดาห์ที่ {0}–{1} ปี {2}",
            Quarter = "ไตรมาสที่ {0} ปี {1}",
            Months = "{0}–{1} {2}",
        },
    };

    /// <summary>The language: one of <see cref="ReportLanguages.All"/>.</summary>
    public required string Language { get; init; }

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>The greeting of a person, with their name.</summary>
    public required string Greeting { get; init; }

    /// <summary>The greeting of a recipient without a name, or a team address.</summary>
    public required string GreetingNoName { get; init; }

    /// <summary>True when <see cref="Greeting"/> takes the first name ("Hej Anna,"), false for the whole name.</summary>
    public bool GreetsByFirstName { get; init; } = true;

    /// <summary>The first sentence when the PDF is attached.</summary>
    public required string Attached { get; init; }

    /// <summary>The first sentence when the PDF is too large to attach; the link follows.</summary>
    public required string Linked { get; init; }

    /// <summary>The heading of the headline numbers.</summary>
    public required string KeyFigures { get; init; }

    /// <summary>What the changes compare with.</summary>
    public required string ComparedWith { get; init; }

    /// <summary>The heading of the commentary's first lines.</summary>
    public required string Commentary { get; init; }

    /// <summary>After a commentary that was cut short.</summary>
    public required string CommentaryContinues { get; init; }

    /// <summary>The attachment's name.</summary>
    public required string Attachment { get; init; }

    /// <summary>The download button, when the PDF is linked.</summary>
    public required string Download { get; init; }

    /// <summary>The footer's line with the agency's contact address.</summary>
    public required string Contact { get; init; }

    /// <summary>The closing line before the agency's name.</summary>
    public required string Closing { get; init; }

    /// <summary>An ISO week: {0} its number, {1} its year.</summary>
    public required string Week { get; init; }

    /// <summary>Two ISO weeks of one year: {0} and {1} their numbers, {2} the year.</summary>
    public required string Weeks { get; init; }

    /// <summary>A calendar quarter: {0} its number, {1} the year.</summary>
    public required string Quarter { get; init; }

    /// <summary>Whole months of one year: {0} and {1} the first and last month's names, {2} the year, {3} and {4} their numbers.</summary>
    public required string Months { get; init; }

    /// <summary>
    /// The texts for <paramref name="locale"/> and the culture of their dates: the report's language and culture when
    /// reports are written in that language, otherwise English with English dates (the numbers keep the locale's forms,
    /// as in the PDF).
    /// </summary>
    public static (DeliveryTexts Texts, CultureInfo Culture) For(string locale)
    {
        var language = ReportLanguages.LanguageOf(locale);
        return ReportLanguages.IsSupported(locale) && ByLanguage.TryGetValue(language, out var texts)
            ? (texts, ReportLanguages.Culture(locale))
            : (English, ReportLanguages.Culture("en"));
    }

    /// <summary>
    /// How people name <paramref name="period"/>: "november 2026" for a month, "Q3 2026", "september–oktober 2026",
    /// "vecka 47 2026" for an ISO week, "vecka 47–48 2026" for two; other periods by their first and last day as the PDF
    /// prints them. Years in the culture's calendar (2569 in Thai).
    /// </summary>
    public string Period(DateRange period, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var (from, to) = (period.From, period.To);
        string Year(int year) => new DateOnly(year, 7, 1).ToString("yyyy", culture);
        string Fill(string format, params object[] args) => string.Format(culture, format, args);

        if (from.Day == 1 && to.AddDays(1).Day == 1)
        {
            var months = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
            return months switch
            {
                1 => from.ToString("Y", culture),
                3 when from.Month % 3 == 1 => Fill(Quarter, ((from.Month - 1) / 3) + 1, Year(from.Year)),
                12 when from.Month == 1 => Year(from.Year),
                _ when from.Year == to.Year => Fill(Months, from.ToString("MMMM", culture), to.ToString("MMMM", culture), Year(from.Year), from.Month, to.Month),
                _ => from.ToString("Y", culture) + " – " + to.ToString("Y", culture),
            };
        }

        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = to.ToDateTime(TimeOnly.MinValue);
        if (from.DayOfWeek == DayOfWeek.Monday && period.Days is 7 or 14 && ISOWeek.GetYear(start) == ISOWeek.GetYear(end))
        {
            var year = Year(ISOWeek.GetYear(start));
            return period.Days == 7
                ? Fill(Week, ISOWeek.GetWeekOfYear(start), year)
                : Fill(Weeks, ISOWeek.GetWeekOfYear(start), ISOWeek.GetWeekOfYear(end), year);
        }

        return ReportEmailSummary.Range(culture.Name, period);
    }
}
