using System.Globalization;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.Kpis;

namespace KpiFunctions.Host.Tests;

/// <summary>The e-mail's words without a server: period names per language, attachment names, greetings, excerpts.</summary>
public sealed class DeliveryTextsTests
{
    [Theory]
    [InlineData("sv-SE", "2026-11-01", "2026-11-30", "november 2026")]
    [InlineData("sv-SE", "2026-07-01", "2026-09-30", "Q3 2026")]
    [InlineData("sv-SE", "2026-09-01", "2026-10-31", "september–oktober 2026")]
    [InlineData("sv-SE", "2026-01-01", "2026-12-31", "2026")]
    [InlineData("sv-SE", "2026-12-01", "2027-01-31", "december 2026 – januari 2027")]
    [InlineData("sv-SE", "2026-11-16", "2026-11-22", "vecka 47, 2026")]
    [InlineData("sv-SE", "2026-11-03", "2026-11-17", "3 november 2026 – 17 november 2026")]
    [InlineData("en-GB", "2026-11-01", "2026-11-30", "November 2026")]
    [InlineData("en-GB", "2026-07-01", "2026-09-30", "Q3 2026")]
    [InlineData("en-GB", "2026-09-01", "2026-10-31", "September–October 2026")]
    [InlineData("en-GB", "2026-11-16", "2026-11-22", "Week 47, 2026")]
    [InlineData("nb-NO", "2026-11-01", "2026-11-30", "november 2026")]
    [InlineData("nb-NO", "2026-07-01", "2026-09-30", "3. kvartal 2026")]
    [InlineData("nb-NO", "2026-11-16", "2026-11-22", "uke 47, 2026")]
    [InlineData("zh-CN", "2026-11-01", "2026-11-30", "2026年11月")]
    [InlineData("zh-CN", "2026-07-01", "2026-09-30", "2026年第3季度")]
    [InlineData("zh-CN", "2026-09-01", "2026-10-31", "2026年9–10月")]
    [InlineData("zh-CN", "2026-11-16", "2026-11-22", "2026年第47周")]
    [InlineData("tr-TR", "2026-11-01", "2026-11-30", "Kasım 2026")]
    [InlineData("tr-TR", "2026-07-01", "2026-09-30", "3. çeyrek 2026")]
    [InlineData("tr-TR", "2026-09-01", "2026-10-31", "Eylül–Ekim 2026")]
    [InlineData("tr-TR", "2026-11-16", "2026-11-22", "2026, 47. hafta")]
    [InlineData("th-TH", "2026-11-01", "2026-11-30", "พฤศจิกายน 2569")]
    [InlineData("th-TH", "2026-07-01", "2026-09-30", "ไตรมาส 3 ปี 2569")]
    [InlineData("th-TH", "2026-09-01", "2026-10-31", "กันยายน–ตุลาคม 2569")]
    [InlineData("th-TH", "2026-11-16", "2026-11-22", "สัปดาห์ที่ 47 ปี 2569")]
    [InlineData("pt-BR", "2026-11-01", "2026-11-30", "November 2026")]
    [InlineData("zh-TW", "2026-11-01", "2026-11-30", "November 2026")]
    public void Period_EachLanguage_NamesItAsTheReportDoes(string locale, string from, string to, string expected)
    {
        var (_, culture) = DeliveryTexts.For(locale);

        var name = DeliveryTexts.Period(new DateRange(Date(from), Date(to)), culture);

        Assert.Equal(expected, name.Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData("Nordlys Coffee Roasters", "november 2026", "Nordlys Coffee Roasters – november 2026.pdf")]
    [InlineData("A/B: \"Best\" <Coffee> | Tea?*", "Q3 2026", "A B Best Coffee Tea – Q3 2026.pdf")]
    [InlineData("Back\\slash\u0007bell\u202Eevil", "2026年11月", "Back slash bellevil – 2026年11月.pdf")]
    [InlineData("...", "", "fallback.pdf")]
    public void AttachmentName_AnyClientName_IsASafeFileNamePeopleRead(string client, string period, string expected) =>
        Assert.Equal(expected, DeliveryEmail.AttachmentName(client, period, "fallback"));

    [Fact]
    public void AttachmentName_VeryLongName_IsCutAtAWord()
    {
        var name = DeliveryEmail.AttachmentName(string.Join(' ', Enumerable.Repeat("Coffee", 40)), "november 2026", "fallback");

        Assert.True(name.Length <= DeliveryEmail.MaxFileNameLength + ".pdf".Length, name);
        Assert.EndsWith("Coffee.pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anna@example.com", "Anna Berg", true, "Anna")]
    [InlineData("anna@example.com", "  Anna-Karin  Berg ", true, "Anna-Karin")]
    [InlineData("wang@example.com", "王芳", false, "王芳")]
    [InlineData("anna@example.com", "Anna Berg", false, "Anna Berg")]
    [InlineData("anna@example.com", null, true, null)]
    [InlineData("anna@example.com", " ", true, null)]
    [InlineData("marketing@example.com", "Lumen Marketing", true, null)]
    [InlineData("info@example.com", "Anna Berg", true, null)]
    [InlineData("social.team@example.com", "Social", true, null)]
    [InlineData("x@example.com", "Marknadsteamet", true, null)]
    [InlineData("x@example.com", "Pazarlama ekibi", true, null)]
    [InlineData("x@example.com", "市场团队", false, null)]
    public void GreetingName_PersonOrTeam_FirstNameOrNone(string email, string? name, bool firstName, string? expected) =>
        Assert.Equal(expected, DeliveryEmail.GreetingName(new Recipient(email, name), firstName));

    [Fact]
    public void Excerpt_LongLine_IsCutAfterAWholeWordWithAnEllipsis()
    {
        var line = string.Join(' ', Enumerable.Repeat("engagement", 40));

        var (lines, cut) = DeliveryEmail.Excerpt(line, maxChars: 100);

        Assert.True(cut);
        var only = Assert.Single(lines);
        Assert.EndsWith("engagement…", only, StringComparison.Ordinal);
        Assert.True(only.Length <= 101, only);
        Assert.Equal(9, only.Split(' ').Length);
    }

    [Fact]
    public void Excerpt_ThaiWithoutSpaces_CutsBetweenWholeCharactersKeepingTheirMarks()
    {
        // ที่ and นี้ are a consonant with a vowel and a tone mark above it: one character each, never split.
        var line = string.Concat(Enumerable.Repeat("ยอดการเข้าถึงเพิ่มขึ้นในเดือนนี้ที่", 20));

        var (lines, cut) = DeliveryEmail.Excerpt(line, maxChars: 50);

        Assert.True(cut);
        var text = Assert.Single(lines).TrimEnd('…');
        Assert.Equal(50, new StringInfo(text).LengthInTextElements);
        Assert.StartsWith(text, line, StringComparison.Ordinal);
        Assert.False(CharUnicodeInfo.GetUnicodeCategory(line[text.Length]) == UnicodeCategory.NonSpacingMark, "cut before a mark");
    }

    [Fact]
    public void Excerpt_ShortCommentary_IsWholeWithoutEllipsis()
    {
        var (lines, cut) = DeliveryEmail.Excerpt("  Reach grew.\r\n\r\n\tNext: video.  ");

        Assert.False(cut);
        Assert.Equal(["Reach grew.", "Next: video."], lines);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n \n")]
    public void Excerpt_NoCommentary_IsEmpty(string? commentary)
    {
        var (lines, cut) = DeliveryEmail.Excerpt(commentary);

        Assert.Empty(lines);
        Assert.False(cut);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
