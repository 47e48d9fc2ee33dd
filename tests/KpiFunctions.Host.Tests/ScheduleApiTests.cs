using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;
using static KpiFunctions.Host.Tests.Support.ClientSetup;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// <c>GET /api/v1/clients/{clientId}/schedule?count=N</c>. The API reads the real clock, so every check holds
/// whatever today is: periods follow each other, each is sent on <c>to + 1 + delayDays</c> at the send time, and the
/// UTC instant is the local time minus the zone's offset on that date, worked out here by hand from each zone's rules
/// (not with TimeZoneInfo).
/// </summary>
public sealed class ScheduleApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly DateOnly BiweeklyAnchor = new(2024, 1, 1); // a Monday, as documented in ReportFrequency

    private HttpClient Admin => fixture.Admin;

    /// <summary>One entry of <c>reports</c>.</summary>
    private sealed record Report(string PeriodKey, DateOnly From, DateOnly To, DateTime SendAtLocal, DateTimeOffset SendAtUtc);

    [Fact]
    public async Task Schedule_ShanghaiMonthly_SendsOnTheFourthAt0900LocalWhichIs0100Utc()
    {
        var id = await fixture.CreateClientInZoneAsync("s-sha", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly","sendTime":"09:00","delayDays":3}}""");

        var (schedule, reports, _, _) = await GetScheduleAsync(Admin, id, 12);

        Assert.Equal(id, (string)schedule["clientId"]!);
        Assert.Equal("Asia/Shanghai", (string)schedule["timeZone"]!);
        Assert.Equal("monthly", (string)schedule["cadence"]!["frequency"]!);
        Assert.Equal(12, reports.Count);
        AssertConsecutive(reports);
        foreach (var r in reports)
        {
            Assert.Equal(1, r.From.Day);
            Assert.Equal(new DateOnly(r.From.Year, r.From.Month, DaysInMonth(r.From.Year, r.From.Month)), r.To);
            // to + 1 + 3 days = the 4th of the next month, 09:00 in Shanghai = 01:00 UTC (UTC+8 all year).
            var sendDate = r.To.AddDays(4);
            Assert.Equal(4, sendDate.Day);
            Assert.Equal(sendDate.ToDateTime(new TimeOnly(9, 0)), r.SendAtLocal);
            Assert.Equal(new DateTimeOffset(sendDate.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero), r.SendAtUtc);
        }
    }

    [Fact]
    public async Task Schedule_NewCadence_StartsWithThePeriodContainingToday()
    {
        var id = await fixture.CreateClientInZoneAsync("s-since", "Asia/Shanghai");
        var todayBefore = TodayAtOffset(8);
        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly","sendTime":"09:00","delayDays":31}}""");
        var since = ParseDate(patched["cadence"]!["since"]);
        Assert.True(since >= todayBefore);

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, 3);

        // With 31 days of delay last month's report is still to be sent (on the 1st + 31 days), but the cadence
        // took effect today: the scheduler sends nothing for periods before `since`, so neither may the schedule.
        Assert.Equal(new DateOnly(since.Year, since.Month, 1), reports[0].From);
        AssertConsecutive(reports);
    }

    [Fact]
    public async Task Schedule_NewWeeklyCadenceWithLongDelay_StartsWithThisWeek()
    {
        var id = await fixture.CreateClientInZoneAsync("s-since-w", "Asia/Shanghai");
        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly","delayDays":20}}""");
        var since = ParseDate(patched["cadence"]!["since"]);

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, 5);

        // The ISO week of `since`: back to its Monday.
        var monday = since.AddDays(-(((int)since.DayOfWeek + 6) % 7));
        Assert.Equal(monday, reports[0].From);
        AssertConsecutive(reports);
    }

    [Fact]
    public async Task Schedule_OldCadence_ListsTheNextReportsFromNow()
    {
        var id = await fixture.CreateClientInZoneAsync("s-next", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly","sendTime":"09:00","delayDays":3}}""");
        await fixture.BackdateCadenceAsync(id, new DateOnly(2024, 1, 1));

        var (_, reports, before, after) = await GetScheduleAsync(Admin, id, 2);

        // The first listed report is not sent yet, and the one before it (the month before, sent on the 4th of the
        // first listed month at 01:00 UTC) was already sent when the request came in.
        Assert.True(reports[0].SendAtUtc >= before, $"{reports[0]} is in the past (before {before:O})");
        var previousSend = new DateTimeOffset(reports[0].From.AddDays(3).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        Assert.True(previousSend < after, $"The report sent at {previousSend:O} should still be listed at {after:O}");
        AssertConsecutive(reports);
    }

    [Fact]
    public async Task Schedule_SaoPauloQuarterly_SendsAt2230LocalWhichIs0130UtcTheNextDay()
    {
        var id = await fixture.CreateClientInZoneAsync("s-sao", "America/Sao_Paulo");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"quarterly","sendTime":"22:30","delayDays":0,"compare":"year"}}""");

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, 8);

        Assert.Equal(8, reports.Count);
        AssertConsecutive(reports);
        foreach (var r in reports)
        {
            Assert.Contains(r.From.Month, new[] { 1, 4, 7, 10 });
            Assert.Equal(1, r.From.Day);
            var lastMonth = r.From.Month + 2;
            Assert.Equal(new DateOnly(r.From.Year, lastMonth, DaysInMonth(r.From.Year, lastMonth)), r.To);
            // Delay 0: the first day of the next quarter at 22:30; Sao Paulo is UTC-3 all year (no DST since 2019),
            // so 22:30 + 3 h = 01:30 UTC on the day after.
            var sendDate = r.To.AddDays(1);
            Assert.Equal(sendDate.ToDateTime(new TimeOnly(22, 30)), r.SendAtLocal);
            Assert.Equal(new DateTimeOffset(sendDate.AddDays(1).ToDateTime(new TimeOnly(1, 30)), TimeSpan.Zero), r.SendAtUtc);
        }
    }

    [Theory]
    [InlineData("weekly")]
    [InlineData("biweekly")]
    [InlineData("monthly")]
    [InlineData("bimonthly")]
    [InlineData("quarterly")]
    public async Task Schedule_EachFrequency_CutsTheCalendarAsDocumented(string frequency)
    {
        var id = await fixture.CreateClientInZoneAsync("s-freq", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, $$$"""{"cadence":{"frequency":"{{{frequency}}}","sendTime":"18:05","delayDays":1}}""");

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, 30);

        Assert.Equal(30, reports.Count);
        AssertConsecutive(reports);
        foreach (var r in reports)
        {
            var length = r.To.DayNumber - r.From.DayNumber + 1;
            switch (frequency)
            {
                case "weekly": // ISO weeks, Monday to Sunday
                    Assert.Equal(DayOfWeek.Monday, r.From.DayOfWeek);
                    Assert.Equal(7, length);
                    break;
                case "biweekly": // 14 days from a Monday a multiple of 14 days from 2024-01-01
                    Assert.Equal(0, (r.From.DayNumber - BiweeklyAnchor.DayNumber) % 14);
                    Assert.Equal(14, length);
                    break;
                case "monthly":
                    Assert.Equal(1, r.From.Day);
                    Assert.Equal(DaysInMonth(r.From.Year, r.From.Month), length);
                    break;
                case "bimonthly": // Jan-Feb, Mar-Apr, ...
                    Assert.Equal(1, r.From.Month % 2);
                    Assert.Equal(1, r.From.Day);
                    Assert.Equal(new DateOnly(r.From.Year, r.From.Month + 1, DaysInMonth(r.From.Year, r.From.Month + 1)), r.To);
                    break;
                default: // quarterly
                    Assert.Equal(1, r.From.Month % 3);
                    Assert.Equal(1, r.From.Day);
                    Assert.Equal(new DateOnly(r.From.Year, r.From.Month + 2, DaysInMonth(r.From.Year, r.From.Month + 2)), r.To);
                    break;
            }

            // to + 1 + 1 day at 18:05 in Shanghai = 10:05 UTC the same day.
            var sendDate = r.To.AddDays(2);
            Assert.Equal(sendDate.ToDateTime(new TimeOnly(18, 5)), r.SendAtLocal);
            Assert.Equal(new DateTimeOffset(sendDate.ToDateTime(new TimeOnly(10, 5)), TimeSpan.Zero), r.SendAtUtc);
        }
    }

    // Weekly with delay 6 sends on Sundays (to = Sunday, + 1 + 6 = the next Sunday): the days clocks change in
    // Europe, Australia and New Zealand. 100 weeks cover both changes of each zone at least once.
    [Theory]
    [InlineData("Europe/Stockholm", "10:00")]
    [InlineData("Europe/Stockholm", "02:30")] // does not exist in March, exists twice in October
    [InlineData("Europe/Stockholm", "01:59")]
    [InlineData("Europe/Stockholm", "03:00")]
    [InlineData("Pacific/Auckland", "12:00")]
    [InlineData("Pacific/Auckland", "02:30")] // does not exist in September, exists twice in April
    [InlineData("Australia/Lord_Howe", "12:00")]
    [InlineData("Australia/Lord_Howe", "02:15")] // in the 30-minute gap in October
    [InlineData("Australia/Lord_Howe", "01:45")] // in the 30-minute overlap in April
    public async Task Schedule_SundaysAcrossDaylightSavingChanges_MatchTheZoneRulesByHand(string zone, string sendTime)
    {
        var id = await fixture.CreateClientInZoneAsync("s-dst", zone);
        await fixture.PatchOkAsync(id, $$$"""{"cadence":{"frequency":"weekly","sendTime":"{{{sendTime}}}","delayDays":6}}""");
        var time = TimeOnly.ParseExact(sendTime, "HH:mm", CultureInfo.InvariantCulture);

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, 100);

        Assert.Equal(100, reports.Count);
        AssertConsecutive(reports);
        var switchDays = 0;
        foreach (var r in reports)
        {
            var sendDate = r.To.AddDays(7);
            Assert.Equal(DayOfWeek.Sunday, sendDate.DayOfWeek);
            var (local, offset, isSwitchDay) = zone switch
            {
                "Europe/Stockholm" => Stockholm(sendDate, time),
                "Pacific/Auckland" => Auckland(sendDate, time),
                _ => LordHowe(sendDate, time),
            };
            switchDays += isSwitchDay ? 1 : 0;
            Assert.True(local == r.SendAtLocal, $"{r.PeriodKey}: local {r.SendAtLocal:O}, by hand {local:O}");
            var utc = new DateTimeOffset(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc), TimeSpan.Zero);
            Assert.True(utc == r.SendAtUtc, $"{r.PeriodKey}: {r.SendAtUtc:O}, by hand {utc:O} (offset {offset})");
        }

        Assert.True(switchDays >= 2, $"Only {switchDays} days of clock changes in 100 weeks");
    }

    [Fact]
    public async Task Schedule_CountOmitted_ListsFive()
    {
        var id = await fixture.CreateClientInZoneAsync("s-default", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly"}}""");

        var schedule = await Admin.GetOkAsync($"/api/v1/clients/{id}/schedule");

        Assert.Equal(5, schedule["reports"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Schedule_CountAtTheBounds_ListsThatMany(int count)
    {
        var id = await fixture.CreateClientInZoneAsync("s-bounds", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"quarterly"}}""");

        var (_, reports, _, _) = await GetScheduleAsync(Admin, id, count);

        Assert.Equal(count, reports.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task Schedule_BadCount_Returns400NamingCount(string count)
    {
        var id = await fixture.CreateClientInZoneAsync("s-badcount", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly"}}""");

        using var response = await Admin.GetAsync($"/api/v1/clients/{id}/schedule?count={Uri.EscapeDataString(count)}");

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal(["count"], errors.Keys);
    }

    [Fact]
    public async Task Schedule_NoCadence_ListsNoReportsButTheReviewDate()
    {
        var id = await fixture.CreateClientInZoneAsync("s-none", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"kpiReviewedAt":"2025-05-31","kpiReviewMonths":9}""");

        var schedule = await Admin.GetOkAsync($"/api/v1/clients/{id}/schedule?count=10");

        Assert.Empty(schedule["reports"]!.AsArray());
        Assert.Null(schedule["cadence"]);
        Assert.Equal("2026-02-28", (string)schedule["kpiReviewDue"]!); // 2025-05-31 + 9 months, clamped to February's end
    }

    [Fact]
    public async Task Schedule_CadenceRemoved_ListsNoReports()
    {
        var id = await fixture.CreateClientInZoneAsync("s-removed", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly"}}""");
        await fixture.PatchOkAsync(id, """{"cadence":null}""");

        var schedule = await Admin.GetOkAsync($"/api/v1/clients/{id}/schedule");

        Assert.Empty(schedule["reports"]!.AsArray());
    }

    [Fact]
    public async Task Schedule_OwnClientReadKey_SeesTheSameSchedule()
    {
        var id = await fixture.CreateClientInZoneAsync("s-key", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly","sendTime":"08:00","delayDays":2}}""");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(id, canWrite: false));

        var byAdmin = await Admin.GetOkAsync($"/api/v1/clients/{id}/schedule?count=4");
        var byClient = await client.GetOkAsync($"/api/v1/clients/{id}/schedule?count=4");

        // Monthly reports go out days apart: the two answers a moment apart list the same reports.
        Assert.True(JsonNode.DeepEquals(byAdmin, byClient), $"{byAdmin} vs {byClient}");
    }

    [Fact]
    public async Task Schedule_OtherClientsKeyOrUnknownClient_Returns404()
    {
        var id = await fixture.CreateClientInZoneAsync("s-iso", "Asia/Shanghai");
        await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly"}}""");
        var other = await fixture.CreateClientInZoneAsync("s-iso-other", "Asia/Shanghai");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(other, canWrite: true));

        using var crossed = await client.GetAsync($"/api/v1/clients/{id}/schedule");
        using var missing = await Admin.GetAsync($"/api/v1/clients/{TestIds.New("s-missing")}/schedule");

        await AssertProblemAsync(crossed, HttpStatusCode.NotFound);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    private static async Task<(JsonObject Schedule, List<Report> Reports, DateTimeOffset Before, DateTimeOffset After)> GetScheduleAsync(
        HttpClient http, string clientId, int count)
    {
        var before = TimeProvider.System.GetUtcNow();
        var schedule = await http.GetOkAsync($"/api/v1/clients/{clientId}/schedule?count={count}");
        var after = TimeProvider.System.GetUtcNow();
        var reports = schedule["reports"]!.AsArray().Select(n => ParseReport(n!.AsObject())).ToList();
        Assert.Equal(count, reports.Count);
        return (schedule, reports, before, after);
    }

    private static Report ParseReport(JsonObject r)
    {
        var local = (string)r["sendAtLocal"]!;
        var utc = (string)r["sendAtUtc"]!;
        var report = new Report(
            (string)r["periodKey"]!,
            ParseDate(r["from"]),
            ParseDate(r["to"]),
            DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture));
        Assert.Equal($"{Iso(report.From)}_{Iso(report.To)}", report.PeriodKey);
        Assert.Equal(TimeSpan.Zero, report.SendAtUtc.Offset);
        return report;
    }

    private static void AssertConsecutive(List<Report> reports)
    {
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.Equal(reports[i - 1].To.AddDays(1), reports[i].From);
            Assert.True(reports[i - 1].SendAtUtc < reports[i].SendAtUtc);
        }
    }

    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
        : month is 4 or 6 or 9 or 11 ? 30
        : 31;

    private static DateOnly LastSunday(int year, int month)
    {
        var last = new DateOnly(year, month, DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }

    private static DateOnly FirstSunday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays((7 - (int)first.DayOfWeek) % 7);
    }

    // Europe/Stockholm: CET (+1); CEST (+2) from the last Sunday of March, 02:00 -> 03:00, to the last Sunday of
    // October, 03:00 -> 02:00. A time in the gap moves forward by the hour; one in the overlap is the first (+2).
    private static (DateTime Local, TimeSpan Offset, bool SwitchDay) Stockholm(DateOnly date, TimeOnly time) =>
        OneHourDaylight(date, time, LastSunday(date.Year, 3), LastSunday(date.Year, 10), TimeSpan.FromHours(1), southern: false);

    // Pacific/Auckland: NZST (+12); NZDT (+13) from the last Sunday of September, 02:00 -> 03:00, to the first Sunday
    // of April, 03:00 -> 02:00 (southern hemisphere: daylight time spans the new year).
    private static (DateTime Local, TimeSpan Offset, bool SwitchDay) Auckland(DateOnly date, TimeOnly time) =>
        OneHourDaylight(date, time, LastSunday(date.Year, 9), FirstSunday(date.Year, 4), TimeSpan.FromHours(12), southern: true);

    // A zone whose clocks go 02:00 -> 03:00 on `spring` and 03:00 -> 02:00 on `autumn`, one hour ahead of `winter`
    // in between (in the south, daylight time spans the new year).
    private static (DateTime Local, TimeSpan Offset, bool SwitchDay) OneHourDaylight(
        DateOnly date, TimeOnly time, DateOnly spring, DateOnly autumn, TimeSpan winter, bool southern)
    {
        var summer = winter + TimeSpan.FromHours(1);
        var local = date.ToDateTime(time);
        if (date == spring)
        {
            return time < new TimeOnly(2, 0) ? (local, winter, true)
                : time < new TimeOnly(3, 0) ? (local.AddHours(1), summer, true)
                : (local, summer, true);
        }

        if (date == autumn)
        {
            return (local, time < new TimeOnly(3, 0) ? summer : winter, true);
        }

        var inDaylight = southern ? date > spring || date < autumn : date > spring && date < autumn;
        return (local, inDaylight ? summer : winter, false);
    }

    // Australia/Lord_Howe: +10:30; +11 (a half-hour shift) from the first Sunday of October, 02:00 -> 02:30, to the
    // first Sunday of April, 02:00 -> 01:30.
    private static (DateTime Local, TimeSpan Offset, bool SwitchDay) LordHowe(DateOnly date, TimeOnly time)
    {
        var (spring, autumn) = (FirstSunday(date.Year, 10), FirstSunday(date.Year, 4));
        var (summer, winter) = (new TimeSpan(11, 0, 0), new TimeSpan(10, 30, 0));
        var local = date.ToDateTime(time);
        if (date == spring)
        {
            return time < new TimeOnly(2, 0) ? (local, winter, true)
                : time < new TimeOnly(2, 30) ? (local.AddMinutes(30), summer, true)
                : (local, summer, true);
        }

        if (date == autumn)
        {
            return (local, time < new TimeOnly(2, 0) ? summer : winter, true);
        }

        return (local, date > spring || date < autumn ? summer : winter, false);
    }
}
