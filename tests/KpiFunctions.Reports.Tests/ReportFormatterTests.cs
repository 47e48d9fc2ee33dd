using KpiFunctions.Kpis;
using KpiFunctions.Reports.Localization;

namespace KpiFunctions.Reports.Tests;

public sealed class ReportFormatterTests
{
    private static KpiDefinition Kpi(string id) => KpiCatalog.TryGet(id, out var k) ? k : throw new ArgumentException(id);

    [Theory]
    [InlineData("en-US", "USD 1,234.50", "USD 12,346")]
    [InlineData("sv-SE", "1 234,50 SEK", "12 346 SEK")]
    [InlineData("nb-NO", "NOK 1 234,50", "NOK 12 346")]
    [InlineData("tr-TR", "TRY 1.234,50", "TRY 12.346")]
    public void Value_Currency_PutsTheCodeWhereTheCulturePutsItsSymbol(string locale, string small, string large)
    {
        var currency = locale switch { "sv-SE" => "SEK", "nb-NO" => "NOK", "tr-TR" => "TRY", _ => "USD" };
        var format = new ReportFormatter(locale, currency, "UTC");

        Assert.Equal(small, format.Value(Kpi("spend"), 1234.5).Replace('\u00A0', ' '));
        Assert.Equal(large, format.Value(Kpi("spend"), 12345.6).Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData("en", "+0.22 pp", "-12.4%")]
    [InlineData("sv-SE", "+0,22 p.e.", "\u221212,4 %")]
    [InlineData("nb-NO", "+0,22 p.p.", "\u221212,4 %")]
    [InlineData("tr-TR", "+0,22 puan", "-%12,4")]
    [InlineData("zh-CN", "+0.22个百分点", "-12.4%")]
    public void Change_PercentKpi_IsInPercentagePointsAndSignedWithTheLocalesMinus(string locale, string points, string relative)
    {
        var format = new ReportFormatter(locale, "EUR", "UTC");

        Assert.Equal(points, format.Change(Kpi("engagement_rate"), 0.2234));
        Assert.Equal(relative, format.ChangePercent(-12.44).Replace('\u00A0', ' '));
    }

    [Fact]
    public void Change_RoundingToZero_HasNoSignAndNoDirection()
    {
        var format = new ReportFormatter("en", "EUR", "UTC");

        Assert.Equal("0.000 pp", format.Change(Kpi("engagement_rate"), 0.0004));
        Assert.Equal("0", format.Change(Kpi("likes"), 0));
        Assert.Equal(0, ReportFormatter.Direction(Kpi("engagement_rate"), 0.0001));
        Assert.Equal(-1, ReportFormatter.Direction(Kpi("engagement_rate"), -0.004));
    }

    [Theory]
    [InlineData(Better.Higher, 1, "Good")]
    [InlineData(Better.Higher, -1, "Bad")]
    [InlineData(Better.Lower, 1, "Bad")]
    [InlineData(Better.Lower, -1, "Good")]
    [InlineData(Better.None, 1, "Neutral")]
    [InlineData(Better.Higher, 0, "Neutral")]
    public void ToneOf_FollowsTheKpisBetter(Better better, int direction, string expected) =>
        Assert.Equal(Enum.Parse<Tone>(expected), ReportFormatter.ToneOf(better, direction));

    [Fact]
    public void Value_Null_IsADash() =>
        Assert.Equal("–", new ReportFormatter("en", "EUR", "UTC").Value(Kpi("cpc"), null));

    [Theory]
    [InlineData("en", "March 1, 2026")]
    [InlineData("sv-SE", "1 mars 2026")]
    [InlineData("nb-NO", "1. mars 2026")]
    [InlineData("zh-CN", "2026年3月1日")]
    [InlineData("tr-TR", "1 Mart 2026")]
    [InlineData("th-TH", "1 มีนาคม พ.ศ. 2569")]
    public void LongDate_LeavesOutTheWeekday(string locale, string expected) =>
        Assert.Equal(expected, new ReportFormatter(locale, "EUR", "UTC").LongDate(new DateOnly(2026, 3, 1)));

    [Fact]
    public void Instant_IsInTheClientsTimeZone() =>
        Assert.Equal("2 april 2026 09:12 (Europe/Stockholm)",
            new ReportFormatter("sv-SE", "SEK", "Europe/Stockholm").Instant(new DateTimeOffset(2026, 4, 2, 7, 12, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("en", 2026, 10, 1, 2026, 10, 31, "October 2026")]
    [InlineData("sv-SE", 2026, 10, 1, 2026, 10, 31, "oktober 2026")]
    [InlineData("sv-SE", 2026, 9, 1, 2026, 10, 31, "september–oktober 2026")]
    [InlineData("sv-SE", 2026, 4, 1, 2026, 6, 30, "Q2 2026")]
    [InlineData("nb-NO", 2026, 4, 1, 2026, 6, 30, "2. kvartal 2026")]
    [InlineData("sv-SE", 2026, 11, 16, 2026, 11, 22, "vecka 47, 2026")]
    [InlineData("en", 2026, 1, 1, 2026, 12, 31, "2026")]
    [InlineData("en", 2025, 12, 1, 2026, 1, 31, "December 2025 – January 2026")]
    [InlineData("zh-CN", 2026, 10, 1, 2026, 10, 31, "2026年10月")]
    [InlineData("zh-CN", 2026, 9, 1, 2026, 10, 31, "2026年9–10月")]
    [InlineData("zh-CN", 2026, 7, 1, 2026, 9, 30, "2026年第3季度")]
    [InlineData("th-TH", 2026, 10, 1, 2026, 10, 31, "ตุลาคม 2569")]
    [InlineData("tr-TR", 2026, 10, 1, 2026, 10, 31, "Ekim 2026")]
    [InlineData("sv-SE", 2026, 10, 2, 2026, 10, 31, "2 oktober 2026 – 31 oktober 2026")]
    public void PeriodName_NamesCalendarUnitsAndGivesOtherPeriodsTheirDates(
        string locale, int fromYear, int fromMonth, int fromDay, int toYear, int toMonth, int toDay, string expected)
    {
        var range = new DateRange(new DateOnly(fromYear, fromMonth, fromDay), new DateOnly(toYear, toMonth, toDay));

        Assert.Equal(expected, new ReportFormatter(locale, "EUR", "UTC").PeriodName(range));
    }

    [Fact]
    public void ZoneText_SeptemberInStockholm_IsSummerTimeAtPlusTwoWithTheCity()
    {
        var text = new ReportFormatter("sv-SE", "SEK", "Europe/Stockholm")
            .ZoneText(new DateRange(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)));

        Assert.StartsWith("Stockholm, ", text, StringComparison.Ordinal);
        Assert.Contains("(UTC+02:00)", text, StringComparison.Ordinal);
        Assert.Contains("sommartid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+01:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ZoneText_MonthWithTheClockChange_ShowsBothOffsetsInOrder()
    {
        // Europe's clocks went forward on 29 March 2026.
        var text = new ReportFormatter("en", "EUR", "Europe/Stockholm")
            .ZoneText(new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));

        Assert.Contains("UTC+01:00", text, StringComparison.Ordinal);
        Assert.Contains("UTC+02:00", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("+01:00", StringComparison.Ordinal) < text.IndexOf("+02:00", StringComparison.Ordinal), text);
    }

    [Fact]
    public void ZoneText_WestOfUtc_UsesTheLocalesMinus() =>
        Assert.Contains("UTC\u221205:00", new ReportFormatter("nb-NO", "NOK", "America/New_York")
            .ZoneText(new DateRange(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31))), StringComparison.Ordinal);

    [Fact]
    public void Value_MoneyWithAScale_SharesTheDecimalsOfTheRowsLargestValue()
    {
        var format = new ReportFormatter("sv-SE", "SEK", "UTC");
        var spend = Kpi("spend");

        // 10 572 has no decimals (money from 10 000 up), so 9 133,33 and the change of 1 438,45 have none either.
        Assert.Equal("9 133 SEK", format.Value(spend, 9133.33, 10572).Replace('\u00A0', ' '));
        Assert.Equal("+1 438 SEK", format.Change(spend, 1438.45, 10572).Replace('\u00A0', ' '));
        Assert.Equal("+1 438,45 SEK", format.Change(spend, 1438.45).Replace('\u00A0', ' '));
        Assert.Equal(0, ReportFormatter.Direction(spend, 0.4, 10572));
    }
}
