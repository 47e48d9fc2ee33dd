using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Reports.Pdf;
using KpiFunctions.Reports.Pdf.Components;

namespace KpiFunctions.Reports.Tests;

/// <summary>
/// What a paying client reads (issue 11): named periods, the comparison said once, charts that start at zero with the
/// comparison's line, goals that read correctly, the locale's minus, names instead of ids. Read back with poppler; the
/// expected words are typed here by hand.
/// </summary>
public sealed class ReportPdfClientTests
{
    private static List<string> Pages(string pdf) =>
        [.. Enumerable.Range(1, Poppler.PageCount(pdf)).Select(p => Reports.Normalize(Poppler.Text(pdf, p)))];

    private static KpiDefinition Kpi(string id) => KpiCatalog.TryGet(id, out var k) ? k : throw new ArgumentException(id);

    [Fact]
    public void Render_Swedish_NamesTheMonthsAndSaysJamfortMedOncePerPage()
    {
        var pages = Pages(Reports.TypicalPdf("sv-SE"));

        // March 2026 against February 2026 (previous_calendar): the cover names both months.
        Assert.Contains("mars 2026", pages[0], StringComparison.Ordinal);
        Assert.Contains("Jämfört med februari 2026", pages[0], StringComparison.Ordinal);
        Assert.Contains("mars 2026 · jämfört med februari 2026", pages[1], StringComparison.Ordinal);
        Assert.All(pages, page => Assert.True(
            CountOf(page.ToLowerInvariant(), "jämfört med") <= 1, "\"jämfört med\" more than once on a page:\n" + page));
    }

    [Fact]
    public void Render_Swedish_PrintsNegativeChangesWithTheMinusSign()
    {
        var document = SampleReports.Typical("sv-SE");
        Assert.Contains(document.Kpis, k => k.Change < 0); // the sample has declines to print

        var text = Poppler.Text(Reports.TypicalPdf("sv-SE"));

        // U+2212 comes back from the PDF only when a shipped font has the glyph (text no font draws is left out).
        Assert.Matches("\u2212[0-9]", text);
        Assert.DoesNotMatch("[ ▼]-[0-9]", text);
    }

    [Fact]
    public void Render_English_EveryChartHasALegendWithBothMonths()
    {
        var pages = Pages(Reports.TypicalPdf("en"));
        // The section may start under the KPI table and go on over the page, a pair of charts at a time.
        var trends = string.Concat(pages.Where(p => (p.Contains("Trends", StringComparison.Ordinal) || p.Contains("Trends (continued)", StringComparison.Ordinal))
            && !p.Contains("Contents", StringComparison.Ordinal) && !p.Contains("Glossary", StringComparison.Ordinal)));

        // Four charts, each with "March 2026" and "February 2026" in its legend.
        Assert.True(CountOf(trends, "February 2026") >= 4, trends);
        Assert.True(CountOf(trends, "March 2026") >= 4, trends);
    }

    [Fact]
    public void Render_Summary_CardsNeitherRepeatTheComparisonNorCutTheirTitles()
    {
        var typical = SampleReports.Typical("sv-SE");
        var document = typical with
        {
            HeadlineKpis = ["roas", "cpm", "share_of_voice", "engagement_rate_by_reach", "influencer_engagements"],
        };

        var summary = Pages(Reports.Write(ReportPdf.Render(document), "long-card-titles"))[1];

        Assert.DoesNotContain("…", summary, StringComparison.Ordinal);
        foreach (var word in "Avkastning på annonskostnad (ROAS) Kostnad per tusen visningar (CPM) Andel av omnämnandena (share of voice) Interaktioner via influencers".Split(' '))
        {
            Assert.Contains(word, summary, StringComparison.Ordinal);
        }

        Assert.Equal(1, CountOf(summary, "jämfört med"));
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(3, new[] { 3 })]
    [InlineData(4, new[] { 2, 2 })]
    [InlineData(5, new[] { 3, 2 })]
    [InlineData(6, new[] { 3, 3 })]
    [InlineData(7, new[] { 3, 2, 2 })]
    [InlineData(8, new[] { 3, 3, 2 })]
    public void CardRows_FillEveryRowWithoutHoles(int cards, int[] expected)
    {
        var rows = ReportPdfDocument.CardRows(cards);

        Assert.Equal(expected, rows.Select(r => r.Count));
        Assert.Equal(Enumerable.Range(0, cards), rows.SelectMany(r => r));
    }

    [Fact]
    public void NiceScale_VolumeStartsAtZeroWhileARateMayNot()
    {
        // Followers between 73 726 and 81 488: a count, so the axis starts at 0.
        Assert.Equal(0, TrendChart.NiceScale(73_726, 81_488, fromZero: true).Min);
        Assert.True(TrendChart.NiceScale(73_726, 81_488, fromZero: false).Min > 60_000);
        Assert.Equal(0, TrendChart.NiceScale(1.2, 9.5, fromZero: false).Min);
    }

    [Fact]
    public void View_CountsAndMoneyAreChartedFromZeroRatesSayTheirAxisDoesNot()
    {
        var view = new ReportView(SampleReports.Typical("en"));

        Assert.True(view.Charts.Single(c => c.Kpi.Id == "followers").FromZero);
        Assert.True(view.Charts.Single(c => c.Kpi.Id == "impressions").FromZero);
        var rate = view.Charts.Single(c => c.Kpi.Id == "engagement_rate");
        Assert.False(rate.FromZero);
        Assert.Equal("axis does not start at 0", rate.AxisNote);
        Assert.All(view.Charts, c => Assert.Equal(c.Points.Count, view.Document.Trends.Single(t => t.Kpi.Id == c.Kpi.Id).Points.Count));
        // February has 28 days, March 31: the comparison line has a point for each of February's days.
        Assert.Equal(28, view.Charts.Single(c => c.Kpi.Id == "impressions").Comparison.Count);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(14)]
    [InlineData(22)]
    [InlineData(30)]
    [InlineData(38)]
    [InlineData(46)]
    [InlineData(58)]
    public void Compose_TrendCharts_PairsNeverSplitAndTheSectionLeavesNoThirdOfAPageBlank(int kpis)
    {
        // The KPI table's length moves where the trends section starts on its page.
        var typical = SampleReports.Typical("en");
        var view = new ReportView(typical with { Kpis = [.. typical.Kpis.Take(kpis)] });

        var pages = new ReportPdfDocument(view).Compose();

        var charts = pages.SelectMany(p => p.Ops.OfType<Layout.ChartOp>().Select(c => (Page: p.Number, c.Rect))).ToList();
        Assert.Equal(4, charts.Count);
        foreach (var pair in charts.Chunk(2))
        {
            Assert.Equal(pair[0].Page, pair[1].Page);
            Assert.Equal(pair[0].Rect.Top, pair[1].Rect.Top);
        }

        var first = charts[0].Page;
        if (!pages[first - 1].Ops.OfType<Layout.TextOp>().Any(t => t.Line.Text == "Trends"))
        {
            // The section moved to a new page: what it left behind on the page before is less than a third of a page.
            var used = pages[first - 2].Ops.Select(Bottom).Where(y => y < Layout.PageFlow.Bottom).Max();
            Assert.True(Layout.PageFlow.Bottom - used < (Layout.PageFlow.Bottom - Layout.PageFlow.Top) / 3, $"{Layout.PageFlow.Bottom - used} pt blank");
        }

        Assert.All(charts, c => Assert.InRange(c.Rect.Bottom, Layout.PageFlow.Top, Layout.PageFlow.Bottom));
    }

    private static float Bottom(Layout.DrawOp op) => op switch
    {
        Layout.TextOp t => t.Baseline,
        Layout.FillOp f => f.Rect.Bottom,
        Layout.LineOp l => Math.Max(l.From.Y, l.To.Y),
        _ => 0,
    };

    [Fact]
    public void Render_GoalOnATotal_LabelsThePreviousPeriodsTotalAndTheDaysSoFar()
    {
        var text = Reports.Normalize(Poppler.Text(Reports.TypicalPdf("en")));

        // The impressions goal runs 1 January – 30 June 2026 (181 days); the report's last day is 31 March, day 90.
        Assert.Contains("Previous period total", text, StringComparison.Ordinal);
        Assert.Contains("So far (90 of 181 days)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GoalGoingTheWrongWay_PrintsNegativeProgress()
    {
        var typical = SampleReports.Typical("sv-SE");
        var goal = new GoalLine(
            "followers", Kpi("followers"), 90_000, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), null,
            new GoalProgress(new DateOnly(2026, 3, 31), 80_000, 78_800, -12, 49.7, 77_000, GoalStatus.OffTrack));

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(typical with { Goals = [goal] }), "negative-goal")));

        Assert.Contains("Framsteg: \u221212 %", text, StringComparison.Ordinal);
        // The status is the forecast's (as the API's): it says so, and so agrees with the bar's forecast stretch.
        Assert.Contains("Prognos under mål", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ManyGoals_TheSectionContinuesUnderItsHeadingMarkedContinued()
    {
        var typical = SampleReports.Typical("en");
        var document = typical with { Goals = [.. Enumerable.Repeat(typical.Goals, 4).SelectMany(g => g)] };

        var pages = Pages(Reports.Write(ReportPdf.Render(document), "many-goals"));

        Assert.Contains(pages, p => p.Contains("Goal progress (continued)", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_PeriodBeforeTheGoalsStart_ListsThemAsNotStarted()
    {
        var typical = SampleReports.Typical("en");
        var start = new DateOnly(2027, 1, 1);
        var goals = new[] { ("followers", 100_000.0), ("impressions", 9_000_000.0) }.Select(g =>
        {
            var goal = new Goal(Kpi(g.Item1), g.Item2, start, new DateOnly(2027, 6, 30), null);
            return new GoalLine(g.Item1, goal.Kpi, goal.Target, goal.StartDate, goal.Deadline, null, GoalEvaluator.Evaluate(goal, [], new DateOnly(2026, 4, 1)));
        }).ToList();

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(typical with { Goals = goals }), "goals-later")));

        Assert.DoesNotContain("No goals have been set", text, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(text, "Not started"));
        Assert.Contains("Starts January 1, 2027", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_YearOverYearWithoutLastYearsData_SaysSoOnceInsteadOfDashes()
    {
        var typical = SampleReports.Typical("en");
        var document = typical with
        {
            Compare = CompareMode.Year,
            Comparison = typical.Period.YearEarlier(),
            Kpis = [.. typical.Kpis.Select(k => new KpiResult(k.Kpi, k.Value, null))],
            Platforms = [.. typical.Platforms.Select(p => p with { Kpis = [.. p.Kpis.Select(k => new KpiResult(k.Kpi, k.Value, null))] })],
            Trends = [.. typical.Trends.Select(t => t with { Comparison = [] })],
        };

        var pdf = Reports.Write(ReportPdf.Render(document), "yoy-missing");
        var text = Reports.Normalize(Poppler.Text(pdf));
        var lines = Poppler.Text(pdf).Split('\n').Select(Reports.Normalize).Select(l => l.Trim()).ToList();

        // Said in the summary and in the data note, and nowhere else.
        Assert.Equal(2, CountOf(text, "No data for March 2025 (same period last year)"));
        Assert.Contains("Impressions 1,319,379", lines);
        Assert.DoesNotContain("KPI This period Comparison", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Biggest improvements", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SeptemberReportInStockholm_ShowsSummerTimeAtPlusTwo()
    {
        var typical = SampleReports.Typical("sv-SE");
        var document = typical with
        {
            Period = new DateRange(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)),
            Comparison = new DateRange(new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31)),
        };

        var text = Reports.Normalize(Poppler.Text(Reports.Write(ReportPdf.Render(document), "september")));

        Assert.Contains("Stockholm, centraleuropeisk sommartid (UTC+02:00)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC+01:00", text, StringComparison.Ordinal);
        Assert.Contains("september 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DataNote_NamesAccountsOneLineEachOnOnePage()
    {
        var pages = Pages(Reports.TypicalPdf("en"));
        var note = pages.Single(p => p.Contains("About the data", StringComparison.Ordinal) && !p.Contains("Contents", StringComparison.Ordinal));

        Assert.Contains("Facebook · Nordlys Coffee Roasters (Feb 1 – Mar 31)", note, StringComparison.Ordinal);
        Assert.Contains("Instagram · @nordlys.coffee (Feb 1 – Mar 31)", note, StringComparison.Ordinal);
        Assert.DoesNotContain("fb-nordlys", note, StringComparison.Ordinal);
        Assert.DoesNotContain("About the data (continued)", note, StringComparison.Ordinal);
        Assert.Contains("KPIs without data Reviews, Average rating", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Chinese_HeadingsUseTheBoldCjkFont()
    {
        var pdf = Reports.TypicalPdf("zh-CN");

        Assert.Contains(Poppler.Fonts(pdf), f => f.Name.EndsWith("+NotoSansCJKsc-Bold", StringComparison.Ordinal) && f.Type.Contains("TrueType", StringComparison.Ordinal));
        Assert.Contains("执行摘要", Poppler.Text(pdf), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
