using System.Globalization;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Delivery;

/// <summary>
/// The e-mail's words in one language, the language of the report it carries (<see cref="ReportLanguages"/>): the KPI
/// names, numbers and period names come from the report, these are the words around them. Placeholders: {client},
/// {period}, {agency}, {name}, {expires}, {comparison}, {file}, {contact}.
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
    /// How people name <paramref name="period"/>, as the report does ("november 2026", "Q3 2026", "vecka 47, 2026",
    /// "september–oktober 2026", else its first and last day), in the language and calendar of <paramref name="culture"/>.
    /// </summary>
    public static string Period(DateRange period, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return ReportEmailSummary.PeriodName(culture.Name, period);
    }
}
