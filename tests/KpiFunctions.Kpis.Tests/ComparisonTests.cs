using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Comparison periods (previous, year) and change / changePercent.</summary>
public class ComparisonTests
{
    [Theory]
    [InlineData("2026-04-10", "2026-04-16", "2026-04-03", "2026-04-09")] // 7 days ending 04-09
    [InlineData("2026-03-01", "2026-03-31", "2026-01-29", "2026-02-28")] // 31 days: 01-29..01-31 (3) + 02-01..02-28 (28)
    [InlineData("2026-03-01", "2026-03-01", "2026-02-28", "2026-02-28")] // 1 day
    [InlineData("2027-01-01", "2027-01-10", "2026-12-22", "2026-12-31")] // 10 days across the year end
    public void Previous_Period_IsSameLengthEndingTheDayBeforeFrom(string from, string to, string expectedFrom, string expectedTo)
    {
        var previous = Range(from, to).Previous();

        Assert.Equal(Range(expectedFrom, expectedTo), previous);
        Assert.Equal(Range(from, to).Days, previous.Days);
    }

    [Theory]
    [InlineData("2026-04-10", "2026-04-16", "2025-04-10", "2025-04-16")]
    [InlineData("2028-02-29", "2028-02-29", "2027-02-28", "2027-02-28")] // 29 Feb -> 28 Feb
    [InlineData("2028-02-01", "2028-02-29", "2027-02-01", "2027-02-28")] // February of a leap year -> all of February
    [InlineData("2028-02-29", "2028-03-06", "2027-02-28", "2027-03-06")]
    [InlineData("2027-02-28", "2027-03-01", "2026-02-28", "2026-03-01")]
    public void YearEarlier_Period_IsSameDatesOneYearEarlier(string from, string to, string expectedFrom, string expectedTo)
    {
        Assert.Equal(Range(expectedFrom, expectedTo), Range(from, to).YearEarlier());
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", "2026-10-01", "2026-10-31")] // a month: the month before, not 2–31 October
    [InlineData("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28")] // 31 days against February's 28
    [InlineData("2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30")] // Q3 -> Q2
    [InlineData("2026-09-01", "2026-10-31", "2026-07-01", "2026-08-31")] // two months -> the two before
    [InlineData("2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31")] // a year -> the year before
    [InlineData("2026-01-01", "2026-01-31", "2025-12-01", "2025-12-31")] // across the year end
    [InlineData("2026-04-06", "2026-04-19", "2026-03-23", "2026-04-05")] // two ISO weeks: as previous
    [InlineData("2026-04-10", "2026-04-30", "2026-03-20", "2026-04-09")] // not whole months: as previous
    public void PreviousCalendar_WholeMonths_AreTheSameNumberOfMonthsBefore_ElseAsPrevious(string from, string to, string expectedFrom, string expectedTo)
    {
        Assert.Equal(Range(expectedFrom, expectedTo), Range(from, to).ComparedTo(CompareMode.PreviousCalendar));
    }

    [Fact]
    public void ComparedTo_None_IsNull()
    {
        Assert.Null(Range("2026-04-01", "2026-04-30").ComparedTo(CompareMode.None));
    }

    private static readonly DailyRow[] PreviousRows =
    [
        Row("2026-03-31", "a1", ("impressions", 99_999), ("likes", 9999)), // before both periods
        Row("2026-04-01", "a1", ("impressions", 400), ("likes", 8)),
        Row("2026-04-02", "a1", ("impressions", 600), ("likes", 12)),
        Row("2026-04-03", "a1", ("impressions", 1000), ("likes", 30)),
        Row("2026-04-04", "a1", ("impressions", 1500), ("likes", 45)),
    ];

    [Fact]
    public void Compute_PreviousMode_ComparesWithPeriodOfSameLengthJustBefore()
    {
        var report = KpiCalculator.Compute(
            PreviousRows, Range("2026-04-03", "2026-04-04"), CompareMode.Previous, KpiCatalog.All, byPlatform: false);

        Assert.Equal(Range("2026-04-01", "2026-04-02"), report.Comparison);
        var impressions = Result(report.Kpis, "impressions");
        Assert.Equal(2500.0, impressions.Value); // 1000 + 1500
        Assert.Equal(1000.0, impressions.Previous); // 400 + 600 (03-31 is outside)
        Assert.Equal(1500.0, impressions.Change); // 2500 - 1000
        Close(150.0, impressions.ChangePercent); // 1500 / |1000| * 100
    }

    [Fact]
    public void Compute_PercentKpi_ChangeIsInPercentagePoints()
    {
        var report = KpiCalculator.Compute(
            PreviousRows, Range("2026-04-03", "2026-04-04"), CompareMode.Previous, KpiCatalog.All, byPlatform: false);

        var rate = Result(report.Kpis, "engagement_rate");
        Close(3.0, rate.Value); // (30 + 45) / 2500 * 100
        Close(2.0, rate.Previous); // (8 + 12) / 1000 * 100
        Close(1.0, rate.Change); // 3 % - 2 % = 1 percentage point
        Close(50.0, rate.ChangePercent); // 1 / |2| * 100
    }

    [Fact]
    public void Compute_YearMode_ComparesWithSameDatesOneYearEarlier()
    {
        DailyRow[] rows =
        [
            Row("2025-03-31", "a1", ("impressions", 1000)),
            Row("2025-04-01", "a1", ("impressions", 300)),
            Row("2025-04-02", "a1", ("impressions", 200)),
            Row("2025-04-03", "a1", ("impressions", 1000)),
            Row("2026-03-31", "a1", ("impressions", 1000)),
            Row("2026-04-01", "a1", ("impressions", 600)),
        ];

        var report = KpiCalculator.Compute(
            rows, Range("2026-04-01", "2026-04-02"), CompareMode.Year, [Kpi("impressions")], byPlatform: false);

        Assert.Equal(Range("2025-04-01", "2025-04-02"), report.Comparison);
        var impressions = Assert.Single(report.Kpis);
        Assert.Equal(600.0, impressions.Value); // 04-01 only
        Assert.Equal(500.0, impressions.Previous); // 300 + 200
        Assert.Equal(100.0, impressions.Change); // 600 - 500
        Close(20.0, impressions.ChangePercent); // 100 / 500 * 100
    }

    [Fact]
    public void Compute_YearModeOn29February_ComparesWith28February()
    {
        DailyRow[] rows =
        [
            Row("2027-02-27", "a1", ("impressions", 3)),
            Row("2027-02-28", "a1", ("impressions", 500)),
            Row("2027-03-01", "a1", ("impressions", 7)),
            Row("2028-02-29", "a1", ("impressions", 600)),
        ];

        var report = KpiCalculator.Compute(
            rows, Range("2028-02-29", "2028-02-29"), CompareMode.Year, [Kpi("impressions")], byPlatform: false);

        Assert.Equal(Range("2027-02-28", "2027-02-28"), report.Comparison);
        var impressions = Assert.Single(report.Kpis);
        Assert.Equal(600.0, impressions.Value);
        Assert.Equal(500.0, impressions.Previous); // 2027-02-28 only
        Close(20.0, impressions.ChangePercent); // (600 - 500) / 500 * 100
    }

    [Fact]
    public void Compute_NegativePrevious_ChangePercentDividesByAbsoluteValue()
    {
        // Followers 100 -> 90 over the previous period, 90 -> 95 over the period.
        DailyRow[] rows =
        [
            Row("2026-03-31", "a1", ("followers", 100)),
            Row("2026-04-02", "a1", ("followers", 90)),
            Row("2026-04-04", "a1", ("followers", 95)),
        ];

        var report = KpiCalculator.Compute(
            rows, Range("2026-04-03", "2026-04-04"), CompareMode.Previous, KpiCatalog.All, byPlatform: false);

        var growth = Result(report.Kpis, "follower_growth");
        Assert.Equal(5.0, growth.Value); // 95 - 90 (latest before 04-03 is 04-02)
        Assert.Equal(-10.0, growth.Previous); // 90 - 100 (latest before 04-01 is 03-31)
        Assert.Equal(15.0, growth.Change); // 5 - (-10)
        Close(150.0, growth.ChangePercent); // 15 / |-10| * 100, positive: growth improved
        var rate = Result(report.Kpis, "follower_growth_rate");
        Close(5.555555555555556, rate.Value); // 5 / 90 * 100
        Close(-10.0, rate.Previous); // -10 / 100 * 100
        Close(15.55555555555556, rate.Change); // 5.5556 - (-10), in percentage points
        Close(155.5555555555556, rate.ChangePercent); // 15.5556 / |-10| * 100
        var followers = Result(report.Kpis, "followers");
        Assert.Equal(95.0, followers.Value);
        Assert.Equal(90.0, followers.Previous); // level at the previous period's end, 04-02
    }

    [Fact]
    public void Compute_DecreaseOverPositivePrevious_ChangePercentIsNegative()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("impressions", 200)), Row("2026-04-02", "a1", ("impressions", 150))];

        var result = Assert.Single(KpiCalculator.Compute(
            rows, Range("2026-04-02", "2026-04-02"), CompareMode.Previous, [Kpi("impressions")], byPlatform: false).Kpis);

        Assert.Equal(-50.0, result.Change); // 150 - 200
        Close(-25.0, result.ChangePercent); // -50 / 200 * 100
    }

    [Fact]
    public void Compute_PreviousMissing_ChangeAndChangePercentAreNull()
    {
        DailyRow[] rows = [Row("2026-04-02", "a1", ("likes", 5))];

        var result = Assert.Single(KpiCalculator.Compute(
            rows, Range("2026-04-02", "2026-04-02"), CompareMode.Previous, [Kpi("likes")], byPlatform: false).Kpis);

        Assert.Equal(5.0, result.Value);
        Assert.Null(result.Previous); // no likes on 04-01
        Assert.Null(result.Change);
        Assert.Null(result.ChangePercent);
    }

    [Fact]
    public void Compute_PreviousZero_ChangeIsSetButChangePercentIsNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("likes", 0)), Row("2026-04-02", "a1", ("likes", 5))];

        var result = Assert.Single(KpiCalculator.Compute(
            rows, Range("2026-04-02", "2026-04-02"), CompareMode.Previous, [Kpi("likes")], byPlatform: false).Kpis);

        Assert.Equal(0.0, result.Previous);
        Assert.Equal(5.0, result.Change); // 5 - 0
        Assert.Null(result.ChangePercent); // 5 / |0|: undefined
    }

    [Fact]
    public void Compute_ValueMissingPreviousPresent_ChangeIsNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("likes", 7)), Row("2026-04-02", "a1", ("impressions", 5))];

        var result = Assert.Single(KpiCalculator.Compute(
            rows, Range("2026-04-02", "2026-04-02"), CompareMode.Previous, [Kpi("likes")], byPlatform: false).Kpis);

        Assert.Null(result.Value);
        Assert.Equal(7.0, result.Previous);
        Assert.Null(result.Change);
        Assert.Null(result.ChangePercent);
    }

    [Fact]
    public void Compute_NoComparison_PreviousAndChangesAreNull()
    {
        var report = KpiCalculator.Compute(
            PreviousRows, Range("2026-04-03", "2026-04-04"), CompareMode.None, KpiCatalog.All, byPlatform: false);

        Assert.Null(report.Comparison);
        Assert.Equal(2500.0, Result(report.Kpis, "impressions").Value); // 1000 + 1500
        Assert.All(report.Kpis, r =>
        {
            Assert.Null(r.Previous);
            Assert.Null(r.Change);
            Assert.Null(r.ChangePercent);
        });
    }

    [Theory]
    [InlineData(5.0, -10.0, 15.0, 150.0)] // 5 - (-10); 15 / 10 * 100
    [InlineData(-20.0, -10.0, -10.0, -100.0)] // -20 - (-10); -10 / 10 * 100
    [InlineData(3.0, 4.0, -1.0, -25.0)] // 3 - 4; -1 / 4 * 100
    [InlineData(4.0, 0.0, 4.0, null)] // previous 0
    [InlineData(4.0, null, null, null)] // previous missing
    [InlineData(null, 4.0, null, null)] // value missing
    public void KpiResult_ValueAndPrevious_ChangeAndChangePercent(double? value, double? previous, double? change, double? changePercent)
    {
        var result = new KpiResult(Kpi("impressions"), value, previous);

        Assert.Equal(change, result.Change);
        Assert.Equal(changePercent, result.ChangePercent);
    }
}
