using KpiFunctions.Kpis.Reporting;
using static KpiFunctions.Kpis.Tests.Reporting.Zones;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Reporting;

/// <summary>
/// Local send time → UTC. Expected instants are worked out by hand from tzdata 2025b (<c>zdump -v</c>): a time in a
/// spring-forward gap moves forward by the gap, a time in a fall-back overlap is its first (daylight) occurrence.
/// </summary>
public class ToUtcTests
{
    private static void AssertUtc(string zone, string date, string time, string expectedUtc)
    {
        var actual = ReportSchedule.ToUtc(D(date), T(time), Zone(zone));
        Assert.Equal(Utc(expectedUtc), actual);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }

    [Theory]
    // Winter, CET = UTC+1.
    [InlineData("2026-01-15", "10:00", "2026-01-15T09:00Z")]
    // Summer, CEST = UTC+2.
    [InlineData("2026-06-15", "10:00", "2026-06-15T08:00Z")]
    // 2026-03-29 clocks jump 02:00 CET → 03:00 CEST (at 01:00Z): 02:30 does not exist, becomes 03:30 CEST = 01:30Z.
    [InlineData("2026-03-29", "02:30", "2026-03-29T01:30Z")]
    // The first minute of the gap becomes 03:00 CEST = 01:00Z, the same instant as 03:00 itself.
    [InlineData("2026-03-29", "02:00", "2026-03-29T01:00Z")]
    [InlineData("2026-03-29", "03:00", "2026-03-29T01:00Z")]
    // The last minute before the gap is still CET: 01:59 − 1 h.
    [InlineData("2026-03-29", "01:59", "2026-03-29T00:59Z")]
    // 2026-10-25 clocks fall back 03:00 CEST → 02:00 CET (at 01:00Z): 02:30 happens at 00:30Z (CEST) and 01:30Z (CET);
    // the first is taken.
    [InlineData("2026-10-25", "02:30", "2026-10-25T00:30Z")]
    // 03:30 after the overlap is CET only: 02:30Z.
    [InlineData("2026-10-25", "03:30", "2026-10-25T02:30Z")]
    public void ToUtc_EuropeStockholm_ResolvesGapForwardAndOverlapToFirst(string date, string time, string expectedUtc)
    {
        AssertUtc("Europe/Stockholm", date, time, expectedUtc);
    }

    [Theory]
    // Southern summer, NZDT = UTC+13: 10:00 on the 15th is 21:00Z on the 14th.
    [InlineData("2026-01-15", "10:00", "2026-01-14T21:00Z")]
    // Southern winter, NZST = UTC+12.
    [InlineData("2026-07-15", "10:00", "2026-07-14T22:00Z")]
    // 2026-09-27 clocks jump 02:00 NZST → 03:00 NZDT (at 14:00Z on the 26th): 02:30 becomes 03:30 NZDT = 14:30Z.
    [InlineData("2026-09-27", "02:30", "2026-09-26T14:30Z")]
    // 2026-04-05 clocks fall back 03:00 NZDT → 02:00 NZST (at 14:00Z on the 4th): 02:30 happens at 13:30Z (NZDT) and
    // 14:30Z (NZST); the first is taken.
    [InlineData("2026-04-05", "02:30", "2026-04-04T13:30Z")]
    public void ToUtc_PacificAuckland_ResolvesGapForwardAndOverlapToFirst(string date, string time, string expectedUtc)
    {
        AssertUtc("Pacific/Auckland", date, time, expectedUtc);
    }

    [Theory]
    // Lord Howe shifts by 30 minutes. Summer UTC+11: 10:00 on the 15th is 23:00Z on the 14th.
    [InlineData("2026-01-15", "10:00", "2026-01-14T23:00Z")]
    // Winter UTC+10:30: 23:30Z on the 14th.
    [InlineData("2026-07-15", "10:00", "2026-07-14T23:30Z")]
    // 2026-10-04 clocks jump 02:00 (+10:30) → 02:30 (+11) at 15:30Z on the 3rd: a 30-minute gap, so 02:15 becomes
    // 02:45 (+11) = 15:45Z.
    [InlineData("2026-10-04", "02:15", "2026-10-03T15:45Z")]
    // 2026-04-05 clocks fall back 02:00 (+11) → 01:30 (+10:30) at 15:00Z on the 4th: 01:45 happens at 14:45Z (+11)
    // and 15:15Z (+10:30); the first is taken.
    [InlineData("2026-04-05", "01:45", "2026-04-04T14:45Z")]
    // 02:15 on the fall-back day is after the overlap: +10:30 only, 15:45Z.
    [InlineData("2026-04-05", "02:15", "2026-04-04T15:45Z")]
    public void ToUtc_AustraliaLordHowe_MovesGapForwardByThirtyMinutes(string date, string time, string expectedUtc)
    {
        AssertUtc("Australia/Lord_Howe", date, time, expectedUtc);
    }

    [Theory]
    // Brazil abolished DST in 2019: UTC−3 all year, southern summer included.
    [InlineData("2026-01-15", "10:00", "2026-01-15T13:00Z")]
    [InlineData("2026-06-15", "10:00", "2026-06-15T13:00Z")]
    // History: on 2018-11-04 clocks jumped 00:00 (−3) → 01:00 (−2) at 03:00Z, so the day began at 01:00. 00:30 becomes
    // 01:30 (−2) = 03:30Z, still on the 4th: the gap at midnight does not move the send to another day.
    [InlineData("2018-11-04", "00:30", "2018-11-04T03:30Z")]
    [InlineData("2018-11-04", "00:00", "2018-11-04T03:00Z")]
    // Last fall-back, 2019-02-17 00:00 (−2) → 2019-02-16 23:00 (−3) at 02:00Z: 23:30 on the 16th happens at 01:30Z
    // (−2) and 02:30Z (−3); the first is taken.
    [InlineData("2019-02-16", "23:30", "2019-02-17T01:30Z")]
    public void ToUtc_AmericaSaoPaulo_IsUtcMinus3NowAndHadAMidnightGapIn2018(string date, string time, string expectedUtc)
    {
        AssertUtc("America/Sao_Paulo", date, time, expectedUtc);
    }

    [Theory]
    // China Standard Time, UTC+8 all year.
    [InlineData("2026-01-15", "10:00", "2026-01-15T02:00Z")]
    [InlineData("2026-06-15", "10:00", "2026-06-15T02:00Z")]
    [InlineData("2026-12-31", "00:30", "2026-12-30T16:30Z")]
    public void ToUtc_AsiaShanghai_IsUtcPlus8(string date, string time, string expectedUtc)
    {
        AssertUtc("Asia/Shanghai", date, time, expectedUtc);
    }

    [Theory]
    // tzdata models Irish time as IST (UTC+1) standard with a negative-DST GMT winter, and .NET's local-time look-ups
    // (IsInvalidTime, GetUtcOffset of a local time) then get the transitions wrong. The instants are still:
    // winter GMT = UTC+0,
    [InlineData("2026-01-15", "10:00", "2026-01-15T10:00Z")]
    // summer IST = UTC+1,
    [InlineData("2026-06-15", "10:00", "2026-06-15T09:00Z")]
    // 2026-03-29 01:00 GMT → 02:00 IST at 01:00Z: 01:30 does not exist, becomes 02:30 IST = 01:30Z,
    [InlineData("2026-03-29", "01:30", "2026-03-29T01:30Z")]
    // 2026-10-25 02:00 IST → 01:00 GMT at 01:00Z: 01:30 happens at 00:30Z (IST) and 01:30Z (GMT); the first is taken.
    [InlineData("2026-10-25", "01:30", "2026-10-25T00:30Z")]
    public void ToUtc_EuropeDublinWithNegativeDst_ResolvesLikeAnyOtherZone(string date, string time, string expectedUtc)
    {
        AssertUtc("Europe/Dublin", date, time, expectedUtc);
    }

    [Fact]
    public void ToUtc_Utc_IsTheWallTime()
    {
        AssertUtc("UTC", "2028-02-29", "23:59", "2028-02-29T23:59Z");
    }

    [Fact]
    public void ToUtc_FirstAndLastDayOfTheCalendar_DoesNotOverflow()
    {
        Assert.Equal(Utc("0001-01-01T00:00Z"), ReportSchedule.ToUtc(DateOnly.MinValue, TimeOnly.MinValue, TimeZoneInfo.Utc));
        Assert.Equal(Utc("9999-12-31T23:59Z"), ReportSchedule.ToUtc(DateOnly.MaxValue, T("23:59"), TimeZoneInfo.Utc));
    }
}
