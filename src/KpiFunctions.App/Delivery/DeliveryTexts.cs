using System.Globalization;

namespace KpiFunctions.App.Delivery;

/// <summary>
/// The e-mail's words in one language. Placeholders: {client}, {period}, {agency}, {name}, {expires}.
/// </summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Greeting">The greeting with the recipient's name.</param>
/// <param name="GreetingNoName">The greeting when the recipient has no name.</param>
/// <param name="Attached">The body when the PDF is attached.</param>
/// <param name="Linked">The body when the PDF is too large to attach; the link follows on its own line.</param>
/// <param name="Closing">The closing line before the agency's name.</param>
public sealed record DeliveryTexts(string Subject, string Greeting, string GreetingNoName, string Attached, string Linked, string Closing)
{
    private static readonly DeliveryTexts English = new(
        "{agency}: {client} report for {period}",
        "Hello {name},",
        "Hello,",
        "Please find attached the {client} report for {period}, prepared by {agency}.",
        "The {client} report for {period}, prepared by {agency}, is too large to attach. Download it with this link, which works until {expires}:",
        "Kind regards,");

    private static readonly Dictionary<string, DeliveryTexts> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = English,
        ["sv"] = new(
            "{agency}: rapport för {client}, {period}",
            "Hej {name},",
            "Hej,",
            "Här bifogas rapporten för {client} för {period}, sammanställd av {agency}.",
            "Rapporten för {client} för {period}, sammanställd av {agency}, är för stor för att bifogas. Ladda ner den med den här länken, som gäller till {expires}:",
            "Vänliga hälsningar,"),
        ["nb"] = new(
            "{agency}: rapport for {client}, {period}",
            "Hei {name},",
            "Hei,",
            "Vedlagt er rapporten for {client} for {period}, utarbeidet av {agency}.",
            "Rapporten for {client} for {period}, utarbeidet av {agency}, er for stor til å legges ved. Last den ned med denne lenken, som gjelder til {expires}:",
            "Vennlig hilsen"),
        ["zh"] = new(
            "{agency}：{client} {period} 报告",
            "{name}，您好：",
            "您好：",
            "附件是 {agency} 为 {client} 编制的 {period} 报告。",
            "{agency} 为 {client} 编制的 {period} 报告文件较大，无法作为附件发送。请通过以下链接下载，链接有效期至 {expires}：",
            "此致"),
        ["tr"] = new(
            "{agency}: {client} raporu, {period}",
            "Merhaba {name},",
            "Merhaba,",
            "{agency} tarafından hazırlanan {client} {period} raporu ektedir.",
            "{agency} tarafından hazırlanan {client} {period} raporu e-postaya eklenemeyecek kadar büyük. Raporu {expires} tarihine kadar geçerli olan şu bağlantıdan indirebilirsiniz:",
            "Saygılarımızla,"),
        ["th"] = new(
            "{agency}: รายงานของ {client} ประจำ {period}",
            "เรียน คุณ{name}",
            "เรียน ผู้รับรายงาน",
            "{agency} ขอส่งรายงานของ {client} ประจำ {period} ตามไฟล์แนบ",
            "รายงานของ {client} ประจำ {period} ที่ {agency} จัดทำมีขนาดใหญ่เกินกว่าจะแนบไฟล์ได้ กรุณาดาวน์โหลดจากลิงก์ด้านล่าง ซึ่งใช้ได้ถึง {expires}",
            "ขอแสดงความนับถือ"),
    };

    /// <summary>
    /// The texts and the culture that formats dates for <paramref name="locale"/>: its language when there are texts
    /// for it (Norwegian Bokmål also for Nynorsk and plain <c>no</c>), English otherwise.
    /// </summary>
    public static (DeliveryTexts Texts, CultureInfo Culture) For(string locale)
    {
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(locale);
        }
        catch (CultureNotFoundException)
        {
            return (English, CultureInfo.GetCultureInfo("en"));
        }

        var language = culture.TwoLetterISOLanguageName is "no" or "nn" ? "nb" : culture.TwoLetterISOLanguageName;
        return ByLanguage.TryGetValue(language, out var texts) ? (texts, culture) : (English, CultureInfo.GetCultureInfo("en"));
    }
}
