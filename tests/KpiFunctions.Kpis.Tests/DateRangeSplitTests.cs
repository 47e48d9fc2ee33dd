using System.Globalization;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Buckets of a period: days, ISO weeks (Monday to Sunday) and calendar months, clipped to the period.</summary>
public class DateRangeSplitTests
{
    private static void AssertBuckets(IEnumerable<DateRange> actual, params string[] expected)
    {
        // "from..to" per bucket, compared as ranges so the test does not lean on DateRange.ToString.
        var ranges = expected.Select(e => e.Split("..")).Select(p => Range(p[0], p[1]));
        Assert.Equal(ranges, actual);
    }

    [Fact]
    public void Split_Days_OneBucketPerDayAcrossMonthEnd()
    {
        AssertBuckets(
            Range("2026-04-29", "2026-05-02").Split(Granularity.Day),
            "2026-04-29..2026-04-29", "2026-04-30..2026-04-30", "2026-05-01..2026-05-01", "2026-05-02..2026-05-02");
    }

    [Fact]
    public void Split_WeeksFromWednesdayToThursday_ClipsFirstAndLastWeek()
    {
        // 2026-04-08 is a Wednesday, 04-13 and 04-20 are Mondays, 04-23 a Thursday.
        AssertBuckets(
            Range("2026-04-08", "2026-04-23").Split(Granularity.Week),
            "2026-04-08..2026-04-12", "2026-04-13..2026-04-19", "2026-04-20..2026-04-23");
    }

    [Fact]
    public void Split_WeeksFromSunday_FirstBucketIsThatSunday()
    {
        // 2026-04-12 is a Sunday: the last day of its ISO week.
        AssertBuckets(
            Range("2026-04-12", "2026-04-20").Split(Granularity.Week),
            "2026-04-12..2026-04-12", "2026-04-13..2026-04-19", "2026-04-20..2026-04-20");
    }

    [Fact]
    public void Split_WeeksAcrossYearEndWithIsoWeek53_BreaksOnMondayNotOnJanuaryFirst()
    {
        // 2026-12-28 (Monday) .. 2027-01-03 (Sunday) is ISO week 53 of 2026; 2027-01-04 starts week 1 of 2027.
        var buckets = Range("2026-12-28", "2027-01-04").Split(Granularity.Week).ToList();

        AssertBuckets(buckets, "2026-12-28..2027-01-03", "2027-01-04..2027-01-04");
        Assert.Equal(53, ISOWeek.GetWeekOfYear(buckets[0].From.ToDateTime(TimeOnly.MinValue)));
        Assert.Equal(53, ISOWeek.GetWeekOfYear(buckets[0].To.ToDateTime(TimeOnly.MinValue)));
        Assert.Equal(1, ISOWeek.GetWeekOfYear(buckets[1].From.ToDateTime(TimeOnly.MinValue)));
    }

    [Fact]
    public void Split_WeekInsideOneIsoWeekAcrossYearEnd_IsOneBucket()
    {
        // Wednesday 2026-12-30 .. Saturday 2027-01-02, all in ISO week 53 of 2026.
        AssertBuckets(Range("2026-12-30", "2027-01-02").Split(Granularity.Week), "2026-12-30..2027-01-02");
    }

    [Fact]
    public void Split_Months_ClipsFirstAndLastMonth()
    {
        AssertBuckets(
            Range("2026-01-15", "2026-04-10").Split(Granularity.Month),
            "2026-01-15..2026-01-31", "2026-02-01..2026-02-28", "2026-03-01..2026-03-31", "2026-04-01..2026-04-10");
    }

    [Fact]
    public void Split_MonthsInLeapYearAcrossYearEnd_EndOnLastDayOfEachMonth()
    {
        AssertBuckets(
            Range("2027-12-20", "2028-03-05").Split(Granularity.Month),
            "2027-12-20..2027-12-31", "2028-01-01..2028-01-31", "2028-02-01..2028-02-29", "2028-03-01..2028-03-05");
    }

    [Theory]
    [InlineData(Granularity.Day)]
    [InlineData(Granularity.Week)]
    [InlineData(Granularity.Month)]
    public void Split_OneDayPeriod_IsOneBucket(Granularity granularity)
    {
        AssertBuckets(Range("2026-04-15", "2026-04-15").Split(granularity), "2026-04-15..2026-04-15");
    }

    [Fact]
    public void Constructor_ToBeforeFrom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DateRange(D("2026-04-02"), D("2026-04-01")));
    }

    [Fact]
    public void Days_InclusiveRange_IsToMinusFromPlusOne()
    {
        Assert.Equal(31, Range("2026-03-01", "2026-03-31").Days); // 31 - 1 + 1
        Assert.Equal(1, Range("2026-03-01", "2026-03-01").Days);
    }
}
