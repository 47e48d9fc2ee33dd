using KpiFunctions.Kpis;
using UglyToad.PdfPig;

namespace KpiFunctions.Reports.Tests;

/// <summary>
/// Renders the typical report in every language and reads it back with poppler and PdfPig. Expected words are
/// typed here by hand, never taken from the renderer.
/// </summary>
public sealed class ReportPdfTests
{
    public static TheoryData<string, string[]> Headings => new()
    {
        { "en", ["Executive summary", "Goal progress", "KPIs by category", "Trends", "Breakdown by platform", "Top posts", "About the data"] },
        { "sv-SE", ["Sammanfattning", "Måluppfyllelse", "Nyckeltal per kategori", "Trender", "Per plattform", "Populäraste inläggen", "Om underlaget"] },
        { "nb-NO", ["Sammendrag", "Fremdrift mot mål", "Nøkkeltall etter kategori", "Utvikling over tid", "Fordelt på plattform", "Mest populære innlegg", "Om dataene"] },
        { "zh-CN", ["执行摘要", "目标进度", "分类关键指标", "趋势", "按平台细分", "热门帖子", "数据说明"] },
        { "tr-TR", ["Yönetici özeti", "Hedeflere ilerleme", "Kategorilere göre KPI'lar", "Eğilimler", "Platformlara göre dağılım", "En iyi gönderiler", "Veriler hakkında"] },
        { "th-TH", ["บทสรุปผู้บริหาร", "ความคืบหน้าของเป้าหมาย", "ตัวชี้วัดตามหมวดหมู่", "แนวโน้ม", "แยกตามแพลตฟอร์ม", "โพสต์ยอดนิยม", "เกี่ยวกับข้อมูล"] },
    };

    public static TheoryData<string, string[]> KpiNamesAndDates => new()
    {
        { "en", ["Engagement rate", "Cost per click", "Share of voice", "Average response time", "March 1, 2026 – March 31, 2026", "Nordlys Coffee Roasters"] },
        { "sv-SE", ["Engagemangsgrad", "Kostnad per klick (CPC)", "Genomsnittlig svarstid", "Följare", "1 mars 2026 – 31 mars 2026", "Gilla-markeringar"] },
        { "nb-NO", ["Engasjementsrate", "Kostnad per klikk (CPC)", "Gjennomsnittlig svartid", "Følgere", "1. mars 2026 – 31. mars 2026", "Løste saker"] },
        { "zh-CN", ["互动率", "单次点击成本 (CPC)", "平均响应时间", "粉丝数", "2026年3月1日 – 2026年3月31日", "北极光咖啡烘焙坊"] },
        { "tr-TR", ["Etkileşim oranı", "Tıklama başına maliyet (TBM)", "Ortalama yanıt süresi", "Takipçiler", "1 Mart 2026 – 31 Mart 2026", "Kuzey Işığı Kahve Kavurma A.Ş."] },
        { "th-TH", ["อัตราการมีส่วนร่วม", "ต้นทุนต่อคลิก (CPC)", "เวลาตอบกลับเฉลี่ย", "ผู้ติดตาม", "1 มีนาคม พ.ศ. 2569 – 31 มีนาคม พ.ศ. 2569", "บ้านกาแฟนอร์ดลิส"] },
    };

    public static TheoryData<string, string, string> ImpressionsAndEngagementRate => new()
    {
        { "en", "1,319,379", "2.97%" },
        { "sv-SE", "1 319 379", "2,97 %" },
        { "nb-NO", "1 319 379", "2,97 %" },
        { "zh-CN", "1,319,379", "2.97%" },
        { "tr-TR", "1.319.379", "%2,97" },
        { "th-TH", "1,319,379", "2.97%" },
    };

    [Theory]
    [MemberData(nameof(Headings))]
    public void Render_Typical_EverySectionHeadingIsExtractedInTheLanguage(string locale, string[] headings)
    {
        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf(locale)));

        foreach (var heading in headings)
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(KpiNamesAndDates))]
    public void Render_Typical_KpiNamesDatesAndClientAreExtractedInTheLanguage(string locale, string[] expected)
    {
        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf(locale)));

        foreach (var s in expected)
        {
            Assert.Contains(s, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ImpressionsAndEngagementRate))]
    public void Render_Typical_NumbersUseTheCulturesSeparators(string locale, string impressions, string engagementRate)
    {
        // The sample's values, checked first so that a change in the sample data fails here and not below.
        var document = SampleReports.Typical(locale);
        Assert.Equal(1_319_379, document.Kpis.Single(k => k.Kpi.Id == "impressions").Value);
        Assert.Equal(2.97, Math.Round(document.Kpis.Single(k => k.Kpi.Id == "engagement_rate").Value!.Value, 2));

        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf(locale)));

        Assert.Contains(impressions, text, StringComparison.Ordinal);
        Assert.Contains(engagementRate, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Thai_KeepsToneMarksAndStackedVowelsInExtractedText()
    {
        var text = Poppler.Text(Reports.TypicalPdf("th-TH"));

        // Upper vowel + tone mark (ชี้, ที่), below vowel + tone mark (ผู้), tone mark over a consonant (ต้อง).
        Assert.Contains("ตัวชี้วัด", text, StringComparison.Ordinal);
        Assert.Contains("ดีขึ้นมากที่สุด", text, StringComparison.Ordinal);
        Assert.Contains("ผู้ติดตาม", text, StringComparison.Ordinal);
        Assert.Contains("ต้องให้ความสนใจ", text, StringComparison.Ordinal);
        Assert.Contains("วันที่ทั้งหมดแสดงตามปีพุทธศักราช", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Chinese_ExtractsCjkTextAndMixedScriptPosts()
    {
        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf("zh-CN")));

        Assert.Contains("社交媒体报告", text, StringComparison.Ordinal);
        Assert.Contains("1小时内响应率", text, StringComparison.Ordinal);
        Assert.Contains("斯德哥尔摩拿铁拉花大赛", text, StringComparison.Ordinal);
        Assert.Contains("+0.18个百分点", text, StringComparison.Ordinal); // engagement rate: 2.97 % in March, 2.79 % in February
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    [InlineData("th-TH")]
    public void Render_Typical_HasAtLeastFourPagesEachNumberedNOfTotal(string locale)
    {
        var pdf = Reports.TypicalPdf(locale);
        var pages = Poppler.PageCount(pdf);

        Assert.InRange(pages, 4, 9);
        for (var page = 1; page <= pages; page++)
        {
            var text = Reports.Normalize(Poppler.Text(pdf, page));
            Assert.Matches($"(?m)\\b{page} / {pages}\\s*$", text);
            Assert.Contains("Brightside Social", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", new[] { "NotoSans-Regular", "NotoSans-Bold" })]
    [InlineData("zh-CN", new[] { "NotoSans-Regular", "DroidSansFallback", "NotoSansCJKsc-Bold" })]
    [InlineData("th-TH", new[] { "NotoSans-Regular", "NotoSansThai-Regular", "NotoSansThai-Bold" })]
    [InlineData("tr-TR", new[] { "NotoSans-Regular", "NotoSans-Bold" })]
    public void Render_Typical_EmbedsAndSubsetsEveryFontWithoutType3(string locale, string[] expectedFonts)
    {
        var fonts = Poppler.Fonts(Reports.TypicalPdf(locale));

        Assert.NotEmpty(fonts);
        Assert.All(fonts, f =>
        {
            Assert.True(f.Embedded, $"{f.Name} is not embedded");
            Assert.True(f.Subset, $"{f.Name} is not subset");
            Assert.True(f.Unicode, $"{f.Name} has no ToUnicode map");
            Assert.DoesNotContain("Type 3", f.Type, StringComparison.Ordinal);
            Assert.Matches("^[A-Z]{6}\\+", f.Name);
        });
        foreach (var name in expectedFonts)
        {
            Assert.Contains(fonts, f => f.Name.EndsWith("+" + name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Render_ChineseTypical_StaysFarBelowHalfAMegabyte()
    {
        // Without per-document subsetting the 4 MB CJK font made such a report megabytes large.
        var bytes = new FileInfo(Reports.TypicalPdf("zh-CN")).Length;

        Assert.InRange(bytes, 10_000, 500_000);
    }

    [Theory]
    [InlineData("en", "Nordlys")]
    [InlineData("tr-TR", "Yönetici")]
    [InlineData("sv-SE", "Måluppfyllelse")]
    public void Render_Typical_PdfPigReadsA4PagesWithText(string locale, string word)
    {
        using var pdf = PdfDocument.Open(Reports.TypicalPdf(locale));

        Assert.True(pdf.NumberOfPages >= 4);
        foreach (var page in pdf.GetPages())
        {
            Assert.Equal(595.3, page.Width, 0.5);
            Assert.Equal(841.9, page.Height, 0.5);
            Assert.NotEmpty(page.GetWords());
        }

        Assert.Contains(pdf.GetPages(), p => p.Text.Contains(word, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_TypicalKpiTable_ContinuesOnTheNextPageWithHeadingAndHeaderRepeated()
    {
        var pdf = Reports.TypicalPdf("en");
        var pages = Enumerable.Range(1, Poppler.PageCount(pdf)).Select(p => Reports.Normalize(Poppler.Text(pdf, p))).ToList();

        // The cover lists the section in its contents; the table starts after it.
        var first = pages.FindIndex(1, p => p.Contains("KPIs by category", StringComparison.Ordinal));
        Assert.True(first >= 1);
        Assert.Contains("KPIs by category (continued)", pages[first + 1], StringComparison.Ordinal);
        foreach (var page in new[] { pages[first], pages[first + 1] })
        {
            Assert.Contains("KPI This period Comparison Change Change %", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_VeryLongKpiTable_RepeatsTheHeaderOnEveryPageItSpans()
    {
        var typical = SampleReports.Typical("en");
        var document = typical with { Kpis = [.. typical.Kpis, .. typical.Kpis, .. typical.Kpis], TableKpis = null };

        var pdf = Reports.Write(ReportPdf.Render(document), "long-table");
        var pages = Enumerable.Range(1, Poppler.PageCount(pdf)).Select(p => Reports.Normalize(Poppler.Text(pdf, p))).ToList();

        var continued = pages.Where(p => p.Contains("KPIs by category (continued)", StringComparison.Ordinal)).ToList();
        Assert.True(continued.Count >= 3, $"the table continued on {continued.Count} pages");
        Assert.All(continued, p => Assert.Contains("KPI This period Comparison Change Change %", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_WithoutTopPosts_LeavesTheSectionOut()
    {
        var document = SampleReports.Typical("en") with { TopPosts = [] };

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(document), "no-posts")));

        Assert.DoesNotContain("Top posts", text, StringComparison.Ordinal);
        Assert.Contains("Breakdown by platform", text, StringComparison.Ordinal);
        Assert.Contains("About the data", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KpiWithoutData_LeftOutOfTheTableAndListedInTheDataNote()
    {
        var lines = Poppler.Text(Reports.TypicalPdf("en")).Split('\n').Select(Reports.Normalize).Select(l => l.Trim()).ToList();

        Assert.DoesNotContain(lines, l => l.StartsWith("Reviews ", StringComparison.Ordinal) || l.StartsWith("Average rating ", StringComparison.Ordinal));
        Assert.Contains("KPIs without data Reviews, Average rating", lines);
    }

    [Fact]
    public void Render_KpiWithoutDataKeptByTheAgency_ShowsDashes()
    {
        var document = SampleReports.Typical("en") with { TableKpis = null };

        var lines = Poppler.Text(Reports.Write(ReportPdf.Render(document), "empty-kpis-shown")).Split('\n').Select(Reports.Normalize).Select(l => l.Trim()).ToList();

        Assert.Contains("Reviews – – – –", lines);
        Assert.Contains("Average rating – – – –", lines);
    }

    [Fact]
    public void Render_WithoutComparison_ShowsDashesForComparisonAndChange()
    {
        var typical = SampleReports.Typical("en");
        var document = typical with
        {
            Comparison = null,
            Compare = CompareMode.None,
            Kpis = [.. typical.Kpis.Select(k => k with { Previous = null })],
        };

        var lines = Poppler.Text(Reports.Write(ReportPdf.Render(document), "no-comparison")).Split('\n').Select(Reports.Normalize).Select(l => l.Trim()).ToList();

        Assert.Contains("Impressions 1,319,379 – – –", lines);
        Assert.Contains(lines, l => l.Contains("No comparison period", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NoGoals_SaysSoInTheGoalSection()
    {
        var document = SampleReports.Typical("sv-SE") with { Goals = [] };

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(document), "no-goals")));

        Assert.Contains("Måluppfyllelse", text, StringComparison.Ordinal);
        Assert.Contains("Inga mål har satts för den här kunden ännu.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GoalStatuses_AreLabelledInTheLanguage()
    {
        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf("nb-NO")));

        Assert.Contains("Nådd", text, StringComparison.Ordinal);
        Assert.Contains("I faresonen", text, StringComparison.Ordinal);
        Assert.Contains("I rute", text, StringComparison.Ordinal);
        Assert.Contains("Prognose under mål", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnsupportedLocale_UsesEnglishLabelsWithThatCulturesFormats()
    {
        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(SampleReports.Typical("de-DE")), "de")));

        Assert.Contains("Executive summary", text, StringComparison.Ordinal);
        Assert.Contains("1.319.379", text, StringComparison.Ordinal);
        Assert.Contains("1. März 2026 – 31. März 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PostWithEmoji_DropsWhatNoFontCanDrawInsteadOfPrintingBoxes()
    {
        var typical = SampleReports.Typical("sv-SE");
        var document = typical with { TopPosts = [typical.TopPosts[0] with { Text = "Nytt kaffe 🔥🔥 i dag\nBeställ nu" }] };

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(document), "emoji")));

        Assert.Contains("Nytt kaffe i dag", text, StringComparison.Ordinal);
        Assert.Contains("Beställ nu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("🔥", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyDocument_StillHasCoverSummaryAndDataNote()
    {
        var typical = SampleReports.Typical("en");
        var document = typical with
        {
            Branding = typical.Branding with { LogoPng = null, PrimaryColor = "not a colour" },
            ClientName = "A client with a name long enough to need two lines on the cover page, and then some more words",
            HeadlineKpis = [],
            Kpis = [],
            Goals = [],
            Trends = [],
            Platforms = [],
            TopPosts = [],
            DataNote = new DataNote([], [], typical.DataNote.DataUpdatedAt),
        };

        var pdf = Reports.Write(ReportPdf.Render(document), "empty");
        var text = Reports.Normalize(Poppler.Text(pdf));

        Assert.InRange(Poppler.PageCount(pdf), 2, 3);
        Assert.Contains("Executive summary", text, StringComparison.Ordinal);
        Assert.Contains("No goals have been set for this client yet.", text, StringComparison.Ordinal);
        Assert.Contains("About the data", text, StringComparison.Ordinal);
        Assert.Contains("Every KPI had data.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Trends", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameDocument_GivesTheSameBytesAlsoWhenRenderedInParallel()
    {
        var zh = SampleReports.Typical("zh-CN");
        var th = SampleReports.Typical("th-TH");
        var expectedZh = ReportPdf.Render(zh);
        var expectedTh = ReportPdf.Render(th);

        var results = new byte[8][];
        Parallel.For(0, results.Length, i => results[i] = ReportPdf.Render(i % 2 == 0 ? zh : th));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expectedZh : expectedTh, results[i]);
        }
    }
}
