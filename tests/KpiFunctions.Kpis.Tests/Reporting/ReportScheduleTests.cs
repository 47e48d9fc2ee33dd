using KpiFunctions.Kpis.Reporting;
using static KpiFunctions.Kpis.Tests.Reporting.Zones;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Reporting;

/// <summary>
/// Send dates, upcoming reports and due reports. Expected instants are worked out by hand from tzdata 2025b; each
/// comment gives the offset in force.
/// </summary>
public class ReportScheduleTests
{
    private static ReportCadence Cadence(ReportFrequency frequency, string sendTime, int delayDays) =>
        new(frequency, T(sendTime), delayDays, CompareMode.Previous);

    [Fact]
    public void For_MonthlyWithDelay3_SendsOnThe4thOfTheNextMonth()
    {
        var report = ReportSchedule.For(
            Cadence(ReportFrequency.Monthly, "10:00", 3), Zone("Europe/Stockholm"), Range("2026-01-01", "2026-01-31"));

        Assert.Equal(Range("2026-01-01", "2026-01-31"), report.Period);
        Assert.Equal("2026-01-01_2026-01-31", report.PeriodKey);
        Assert.Equal(Local("2026-02-04T10:00"), report.SendLocal);
        Assert.Equal(DateTimeKind.Unspecified, report.SendLocal.Kind);
        // CET, UTC+1.
        Assert.Equal(Utc("2026-02-04T09:00Z"), report.SendUtc);
    }

    [Fact]
    public void For_WeekWithDelayPastTheMonthEnd_SendsInTheNextMonth()
    {
        // Week Mon 2026-04-20..Sun 04-26; 04-26 + 1 + 5 = 05-02. CEST, UTC+2.
        var report = ReportSchedule.For(
            Cadence(ReportFrequency.Weekly, "10:00", 5), Zone("Europe/Stockholm"), Range("2026-04-20", "2026-04-26"));

        Assert.Equal(Local("2026-05-02T10:00"), report.SendLocal);
        Assert.Equal(Utc("2026-05-02T08:00Z"), report.SendUtc);
    }

    [Theory]
    // January 2028 + 1 + 29 days: 02-01 + 29 = 03-01, because February 2028 has 29 days.
    [InlineData("2028-01-01", "2028-01-31", 29, "2028-03-01T10:00", "2028-03-01T09:00Z")]
    // The same delay in 2027 (28-day February) lands a day later: 03-02.
    [InlineData("2027-01-01", "2027-01-31", 29, "2027-03-02T10:00", "2027-03-02T09:00Z")]
    // Week Mon 2028-02-21..Sun 02-27, + 1 + 1 = the leap day itself.
    [InlineData("2028-02-21", "2028-02-27", 1, "2028-02-29T10:00", "2028-02-29T09:00Z")]
    public void For_DelayAcrossFebruary_CountsTheLeapDay(string from, string to, int delayDays, string sendLocal, string sendUtc)
    {
        // Stockholm in winter, CET = UTC+1.
        var report = ReportSchedule.For(Cadence(ReportFrequency.Monthly, "10:00", delayDays), Zone("Europe/Stockholm"), Range(from, to));

        Assert.Equal(Local(sendLocal), report.SendLocal);
        Assert.Equal(Utc(sendUtc), report.SendUtc);
    }

    [Fact]
    public void For_SendTimeInSpringForwardGap_SendsLaterTheSameDay()
    {
        // Week 2026-03-16..03-22 + 1 + 6 = Sunday 03-29, where 02:00 CET jumps to 03:00 CEST: 02:30 → 03:30 CEST = 01:30Z.
        var report = ReportSchedule.For(
            Cadence(ReportFrequency.Weekly, "02:30", 6), Zone("Europe/Stockholm"), Range("2026-03-16", "2026-03-22"));

        Assert.Equal(Local("2026-03-29T03:30"), report.SendLocal);
        Assert.Equal(Utc("2026-03-29T01:30Z"), report.SendUtc);
    }

    [Fact]
    public void For_SendTimeInFallBackOverlap_SendsAtTheFirstOccurrence()
    {
        // Week 2026-10-12..10-18 + 1 + 6 = Sunday 10-25, where 02:00–03:00 happens twice: the first, CEST, is 00:30Z.
        var report = ReportSchedule.For(
            Cadence(ReportFrequency.Weekly, "02:30", 6), Zone("Europe/Stockholm"), Range("2026-10-12", "2026-10-18"));

        Assert.Equal(Local("2026-10-25T02:30"), report.SendLocal);
        Assert.Equal(Utc("2026-10-25T00:30Z"), report.SendUtc);
    }

    [Theory]
    // Week 2026-09-21..09-27 + 1 + 6 = Sunday 2026-10-04, where 02:00 (+10:30) jumps to 02:30 (+11):
    // 02:15 → 02:45 (+11) = 15:45Z on the 3rd. The other 59 weeks send at 02:15.
    [InlineData("02:15", "2026-10-04", "2026-10-04T02:45", "2026-10-03T15:45Z")]
    // Week 2026-03-23..03-29 + 7 = Sunday 2026-04-05, where 01:30–02:00 happens twice: first (+11) is 14:45Z on the 4th.
    [InlineData("01:45", "2026-04-05", "2026-04-05T01:45", "2026-04-04T14:45Z")]
    public void Upcoming_Weekly60WeeksInLordHowe_ConsecutiveAcrossBothDstSwitchesAndWeek53(
        string sendTime, string switchDate, string switchSendLocal, string switchSendUtc)
    {
        // Delay 6: every report goes out on a Sunday, the day Lord Howe switches.
        var cadence = Cadence(ReportFrequency.Weekly, sendTime, 6);
        // 2026-01-01T00:00Z is 11:00 on Thursday 2026-01-01 in Lord Howe (+11). The week 2025-12-22..12-28 is sent on
        // Sunday 2026-01-04, still ahead; the week before was sent on 2025-12-28, already past.
        var now = Utc("2026-01-01T00:00Z");

        var reports = ReportSchedule.Upcoming(cadence, Zone("Australia/Lord_Howe"), now, 60);

        Assert.Equal(60, reports.Count);
        Assert.Equal(Range("2025-12-22", "2025-12-28"), reports[0].Period);
        // 2025-12-22 + 59 weeks (413 days) = 2027-02-08, past ISO week 53 of 2026 (2026-12-28..2027-01-03).
        Assert.Equal(Range("2027-02-08", "2027-02-14"), reports[^1].Period);
        Assert.Contains(reports, r => r.Period == Range("2026-12-28", "2027-01-03"));
        AssertConsecutive(reports, now);
        foreach (var report in reports)
        {
            Assert.Equal(DayOfWeek.Monday, report.Period.From.DayOfWeek);
            Assert.Equal(7, report.Period.Days);
            Assert.Equal(report.Period.To.AddDays(7), DateOnly.FromDateTime(report.SendLocal));
        }

        var onSwitch = Assert.Single(reports, r => DateOnly.FromDateTime(r.SendLocal) == D(switchDate));
        Assert.Equal(Local(switchSendLocal), onSwitch.SendLocal);
        Assert.Equal(Utc(switchSendUtc), onSwitch.SendUtc);
        // Every other report keeps the wall time: only a gap moves it.
        Assert.All(reports.Where(r => r != onSwitch), r => Assert.Equal(T(sendTime), TimeOnly.FromDateTime(r.SendLocal)));
    }

    [Fact]
    public void Upcoming_Monthly30MonthsInAuckland_ConsecutiveAcrossYearEndsAndTheSpringGap()
    {
        // Delay 26: August's report goes out on 09-27, which in 2026 is the spring-forward Sunday.
        var cadence = Cadence(ReportFrequency.Monthly, "02:30", 26);
        // 2026-01-10T00:00Z is 13:00 on 2026-01-10 in Auckland (NZDT, +13). December 2025 is sent on 2026-01-27
        // 02:30 (13:30Z on the 26th), still ahead; November 2025 went out on 2025-12-27.
        var now = Utc("2026-01-10T00:00Z");

        var reports = ReportSchedule.Upcoming(cadence, Zone("Pacific/Auckland"), now, 30);

        Assert.Equal(30, reports.Count);
        Assert.Equal(Range("2025-12-01", "2025-12-31"), reports[0].Period);
        Assert.Equal(Utc("2026-01-26T13:30Z"), reports[0].SendUtc);
        // December 2025 + 29 months = May 2028, past the 29-day February 2028.
        Assert.Equal(Range("2028-05-01", "2028-05-31"), reports[^1].Period);
        Assert.Contains(reports, r => r.Period == Range("2028-02-01", "2028-02-29"));
        AssertConsecutive(reports, now);
        foreach (var report in reports)
        {
            Assert.Equal(1, report.Period.From.Day);
            Assert.Equal(report.Period.To.AddDays(27), DateOnly.FromDateTime(report.SendLocal));
        }

        // 2026-09-27 02:00 NZST jumps to 03:00 NZDT: 02:30 → 03:30 NZDT = 14:30Z on the 26th.
        var august = Assert.Single(reports, r => r.Period == Range("2026-08-01", "2026-08-31"));
        Assert.Equal(Local("2026-09-27T03:30"), august.SendLocal);
        Assert.Equal(Utc("2026-09-26T14:30Z"), august.SendUtc);
        Assert.All(reports.Where(r => r != august), r => Assert.Equal(T("02:30"), TimeOnly.FromDateTime(r.SendLocal)));
    }

    [Fact]
    public void Upcoming_NowExactlyAtASend_IncludesThatReport()
    {
        var cadence = Cadence(ReportFrequency.Monthly, "10:00", 3);
        // February 2026 is sent on 2026-03-04 10:00 CET (+1) = 09:00Z; March on 2026-04-04 10:00 CEST (+2) = 08:00Z.
        var atSend = ReportSchedule.Upcoming(cadence, Zone("Europe/Stockholm"), Utc("2026-03-04T09:00Z"), 2);
        var justAfter = ReportSchedule.Upcoming(cadence, Zone("Europe/Stockholm"), Utc("2026-03-04T09:00:01Z"), 1);

        Assert.Equal([Range("2026-02-01", "2026-02-28"), Range("2026-03-01", "2026-03-31")], atSend.Select(r => r.Period));
        Assert.Equal(Utc("2026-04-04T08:00Z"), atSend[1].SendUtc);
        Assert.Equal(Range("2026-03-01", "2026-03-31"), Assert.Single(justAfter).Period);
    }

    [Fact]
    public void Upcoming_LongDelay_IncludesThePeriodThatEndedBeforeToday()
    {
        // Quarterly with a 31-day delay: Q4 2025 is sent on 2026-01-01 + 31 = 2026-02-01 10:00 CST (+8) = 02:00Z, so on
        // 2026-01-20 it is still upcoming although the quarter ended in December.
        var cadence = Cadence(ReportFrequency.Quarterly, "10:00", 31);

        var report = Assert.Single(ReportSchedule.Upcoming(cadence, Zone("Asia/Shanghai"), Utc("2026-01-20T00:00Z"), 1));

        Assert.Equal(Range("2025-10-01", "2025-12-31"), report.Period);
        Assert.Equal(Utc("2026-02-01T02:00Z"), report.SendUtc);
    }

    [Fact]
    public void Upcoming_CountZeroOrNegative_IsEmptyOrThrows()
    {
        var cadence = Cadence(ReportFrequency.Weekly, "10:00", 0);
        Assert.Empty(ReportSchedule.Upcoming(cadence, Zone("Asia/Shanghai"), Utc("2026-01-01T00:00Z"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ReportSchedule.Upcoming(cadence, Zone("Asia/Shanghai"), Utc("2026-01-01T00:00Z"), -1));
    }

    [Theory]
    // January 2026 goes out 2026-02-04 10:00 CET (+1) = 09:00Z, February 2026-03-04 09:00Z.
    [InlineData("2026-02-04T08:59:59Z")]
    [InlineData("2026-02-04T09:00:00Z", "2026-01-01")]
    [InlineData("2026-03-04T08:59:59Z", "2026-01-01")]
    [InlineData("2026-03-04T09:00:00Z", "2026-01-01", "2026-02-01")]
    [InlineData("2026-03-04T09:00:01Z", "2026-01-01", "2026-02-01")]
    public void Due_NowAroundASendInstant_IncludesReportsSentAtOrBeforeNow(string now, params string[] expectedMonths)
    {
        var cadence = Cadence(ReportFrequency.Monthly, "10:00", 3);

        // 2026-01-15 lies in January, so January is the first period.
        var due = ReportSchedule.Due(cadence, Zone("Europe/Stockholm"), D("2026-01-15"), Utc(now));

        Assert.Equal(expectedMonths.Select(D), due.Select(r => r.Period.From));
    }

    [Theory]
    // Sunday 2026-03-29 02:30 falls in the gap: sent at 03:30 CEST = 01:30Z.
    [InlineData("2026-03-16", "2026-03-29T01:29:59Z", 0)]
    [InlineData("2026-03-16", "2026-03-29T01:30:00Z", 1)]
    // Sunday 2026-10-25 02:30 happens twice: sent at the first, 00:30Z (CEST); still once at the second, 01:30Z (CET).
    [InlineData("2026-10-12", "2026-10-25T00:29:59Z", 0)]
    [InlineData("2026-10-12", "2026-10-25T00:30:00Z", 1)]
    [InlineData("2026-10-12", "2026-10-25T01:30:00Z", 1)]
    public void Due_NowAroundASendOnADstSwitch_IsDueOnceFromTheResolvedInstant(string firstPeriodFrom, string now, int expected)
    {
        var cadence = Cadence(ReportFrequency.Weekly, "02:30", 6);

        var due = ReportSchedule.Due(cadence, Zone("Europe/Stockholm"), D(firstPeriodFrom), Utc(now));

        Assert.Equal(expected, due.Count);
        Assert.All(due, r => Assert.Equal(D(firstPeriodFrom), r.Period.From));
    }

    [Fact]
    public void Due_SinceAMidPeriodDateInSaoPaulo_StartsAtThatPeriodOldestFirst()
    {
        // Biweekly, delay 0, 09:00 at UTC−3 (no DST since 2019). 2026-01-01 lies in 2025-12-29..2026-01-11 (see the
        // period tests); that fortnight is sent on 2026-01-12 09:00 = 12:00Z, the next (..01-25) on 01-26 at 12:00Z.
        var cadence = Cadence(ReportFrequency.Biweekly, "09:00", 0);

        var due = ReportSchedule.Due(cadence, Zone("America/Sao_Paulo"), D("2026-01-01"), Utc("2026-01-26T12:00Z"));

        Assert.Equal([Range("2025-12-29", "2026-01-11"), Range("2026-01-12", "2026-01-25")], due.Select(r => r.Period));
        Assert.Equal([Utc("2026-01-12T12:00Z"), Utc("2026-01-26T12:00Z")], due.Select(r => r.SendUtc));
    }

    /// <summary>No gap, no duplicate, strictly increasing send instants, none before <paramref name="now"/>.</summary>
    private static void AssertConsecutive(IReadOnlyList<ScheduledReport> reports, DateTimeOffset now)
    {
        Assert.True(reports[0].SendUtc >= now);
        Assert.Equal(reports.Count, reports.Select(r => r.PeriodKey).Distinct(StringComparer.Ordinal).Count());
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.Equal(reports[i - 1].Period.To.AddDays(1), reports[i].Period.From);
            Assert.True(reports[i - 1].SendUtc < reports[i].SendUtc, $"send {i} is not after send {i - 1}");
        }
    }
}
