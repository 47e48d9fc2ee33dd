using System.Globalization;
using KpiFunctions.Kpis.Reporting;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Reporting;

/// <summary>How each frequency cuts the calendar: ISO weeks, anchored fortnights, months, month pairs and quarters.</summary>
public class ReportPeriodTests
{
    [Theory]
    // 2026-03-30 is a Monday (the 29th, the EU DST Sunday, ends the week before): a week straddles the month end.
    [InlineData("2026-03-31", "2026-03-30", "2026-04-05")]
    [InlineData("2026-04-05", "2026-03-30", "2026-04-05")]
    // 2028-01-01 is a Saturday, so 29 Feb 2028 (59 days later) is a Tuesday.
    [InlineData("2028-02-29", "2028-02-28", "2028-03-05")]
    // 2026-01-01 is a Thursday, so ISO 2026 has 53 weeks; week 53 is Mon 2026-12-28 to Sun 2027-01-03.
    [InlineData("2026-12-28", "2026-12-28", "2027-01-03")]
    [InlineData("2026-12-31", "2026-12-28", "2027-01-03")]
    [InlineData("2027-01-03", "2026-12-28", "2027-01-03")]
    [InlineData("2027-01-04", "2027-01-04", "2027-01-10")]
    // 2020 began on a Wednesday and was a leap year: week 53 is 2020-12-28 to 2021-01-03.
    [InlineData("2021-01-01", "2020-12-28", "2021-01-03")]
    public void PeriodContaining_Weekly_IsTheIsoWeek(string date, string from, string to)
    {
        Assert.Equal(Range(from, to), ReportSchedule.PeriodContaining(ReportFrequency.Weekly, D(date)));
    }

    [Theory]
    [InlineData("2026-12-28")]
    [InlineData("2020-12-28")]
    public void PeriodContaining_WeeklyInWeek53_StartsOnTheMondayOfIsoWeek53(string monday)
    {
        // The premise of the week-53 cases above, checked against the framework's ISO calendar.
        Assert.Equal(53, ISOWeek.GetWeekOfYear(D(monday).ToDateTime(TimeOnly.MinValue)));
        Assert.Equal(D(monday), ReportSchedule.PeriodContaining(ReportFrequency.Weekly, D(monday).AddDays(6)).From);
    }

    [Theory]
    // The anchor itself, Monday 2024-01-01, opens a fortnight.
    [InlineData("2024-01-01", "2024-01-01", "2024-01-14")]
    [InlineData("2024-01-14", "2024-01-01", "2024-01-14")]
    // The day before the anchor belongs to the fortnight 14 days earlier, not to one starting on the anchor.
    [InlineData("2023-12-31", "2023-12-18", "2023-12-31")]
    // 2024 has 366 days: 2024-12-30 is anchor + 364 = 26 × 14, so that fortnight runs into 2025.
    [InlineData("2024-12-29", "2024-12-16", "2024-12-29")]
    [InlineData("2025-01-01", "2024-12-30", "2025-01-12")]
    // 2026-01-01 is anchor + 731 days, 731 = 52 × 14 + 3: its fortnight started 3 days earlier.
    [InlineData("2026-01-01", "2025-12-29", "2026-01-11")]
    // 2026-12-31 is anchor + 1095, 1095 = 78 × 14 + 3.
    [InlineData("2026-12-31", "2026-12-28", "2027-01-10")]
    [InlineData("2027-01-10", "2026-12-28", "2027-01-10")]
    [InlineData("2027-01-11", "2027-01-11", "2027-01-24")]
    public void PeriodContaining_Biweekly_IsTheFortnightAlignedToTheAnchor(string date, string from, string to)
    {
        Assert.Equal(Range(from, to), ReportSchedule.PeriodContaining(ReportFrequency.Biweekly, D(date)));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-01", "2026-01-31")]
    [InlineData("2026-04-30", "2026-04-01", "2026-04-30")]
    [InlineData("2026-12-31", "2026-12-01", "2026-12-31")]
    [InlineData("2027-02-15", "2027-02-01", "2027-02-28")]
    [InlineData("2028-02-29", "2028-02-01", "2028-02-29")]
    public void PeriodContaining_Monthly_IsTheCalendarMonth(string date, string from, string to)
    {
        Assert.Equal(Range(from, to), ReportSchedule.PeriodContaining(ReportFrequency.Monthly, D(date)));
    }

    [Theory]
    [InlineData("2027-01-10", "2027-01-01", "2027-02-28")]
    [InlineData("2028-02-29", "2028-01-01", "2028-02-29")]
    [InlineData("2026-03-01", "2026-03-01", "2026-04-30")]
    [InlineData("2026-06-30", "2026-05-01", "2026-06-30")]
    [InlineData("2026-08-31", "2026-07-01", "2026-08-31")]
    [InlineData("2026-10-31", "2026-09-01", "2026-10-31")]
    [InlineData("2026-11-01", "2026-11-01", "2026-12-31")]
    [InlineData("2026-12-31", "2026-11-01", "2026-12-31")]
    public void PeriodContaining_Bimonthly_IsTheCalendarMonthPair(string date, string from, string to)
    {
        Assert.Equal(Range(from, to), ReportSchedule.PeriodContaining(ReportFrequency.Bimonthly, D(date)));
    }

    [Theory]
    [InlineData("2028-02-29", "2028-01-01", "2028-03-31")]
    [InlineData("2026-03-31", "2026-01-01", "2026-03-31")]
    [InlineData("2026-04-01", "2026-04-01", "2026-06-30")]
    [InlineData("2026-09-30", "2026-07-01", "2026-09-30")]
    [InlineData("2026-12-31", "2026-10-01", "2026-12-31")]
    public void PeriodContaining_Quarterly_IsTheCalendarQuarter(string date, string from, string to)
    {
        Assert.Equal(Range(from, to), ReportSchedule.PeriodContaining(ReportFrequency.Quarterly, D(date)));
    }

    [Theory]
    [InlineData(ReportFrequency.Weekly)]
    [InlineData(ReportFrequency.Biweekly)]
    [InlineData(ReportFrequency.Monthly)]
    [InlineData(ReportFrequency.Bimonthly)]
    [InlineData(ReportFrequency.Quarterly)]
    public void PeriodContaining_EveryDayFrom2019To2029_TilesTheCalendarWithoutGapsOrOverlaps(ReportFrequency frequency)
    {
        var previous = ReportSchedule.PeriodContaining(frequency, D("2019-01-01"));
        for (var day = D("2019-01-01"); day <= D("2029-12-31"); day = day.AddDays(1))
        {
            var period = ReportSchedule.PeriodContaining(frequency, day);
            Assert.True(period.Contains(day), $"{period} does not contain {day:O}");
            if (period != previous)
            {
                Assert.Equal(previous.To.AddDays(1), period.From);
                Assert.Equal(day, period.From);
                previous = period;
            }
        }
    }

    [Fact]
    public void PeriodContaining_UndefinedFrequency_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportSchedule.PeriodContaining((ReportFrequency)99, D("2026-01-01")));
    }

    [Fact]
    public void PeriodKey_Week53_IsFromAndToJoinedByUnderscore()
    {
        Assert.Equal("2026-12-28_2027-01-03", ReportSchedule.PeriodKey(Range("2026-12-28", "2027-01-03")));
    }

    [Fact]
    public void BiweeklyAnchor_IsAMonday()
    {
        Assert.Equal(DayOfWeek.Monday, ReportSchedule.BiweeklyAnchor.DayOfWeek);
    }
}
