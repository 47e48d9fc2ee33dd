using System.Globalization;

namespace KpiFunctions.Kpis.Reporting;

/// <summary>
/// Report periods and send instants. Pure: the current instant is passed in, and time zones are
/// <see cref="TimeZoneInfo"/> instances (IANA ids such as <c>Europe/Stockholm</c>).
/// </summary>
/// <remarks>
/// Each period is sent exactly once, on local date <c>period.To + 1 + DelayDays</c> at the cadence's send time. A send
/// time that falls in a spring-forward gap is moved forward by the length of the gap; one that occurs twice in a
/// fall-back overlap is the first occurrence, still in daylight time. So no day is skipped or sent twice.
/// </remarks>
public static class ReportSchedule
{
    /// <summary>
    /// A Monday: biweekly periods are the 14 days starting on Mondays a multiple of 14 days before or after it.
    /// </summary>
    public static readonly DateOnly BiweeklyAnchor = new(2024, 1, 1);

    private const int BiweeklyDays = 14;

    // Local dates before (now - DelayDays - this) can no longer be sent at or after now: a margin of whole days
    // covers the send time of day and any DST shift (at most a few hours).
    private const int UpcomingMarginDays = 3;

    /// <summary>The report period of <paramref name="frequency"/> that contains <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="frequency"/> is not defined.</exception>
    public static DateRange PeriodContaining(ReportFrequency frequency, DateOnly date)
    {
        switch (frequency)
        {
            case ReportFrequency.Weekly:
                // DayOfWeek counts from Sunday = 0; ISO weeks start on Monday.
                var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
                return new DateRange(monday, monday.AddDays(6));
            case ReportFrequency.Biweekly:
                // Floor, not truncation, so a date before the anchor falls in the period that starts before it.
                var daysFromAnchor = date.DayNumber - BiweeklyAnchor.DayNumber;
                var start = date.AddDays(-(((daysFromAnchor % BiweeklyDays) + BiweeklyDays) % BiweeklyDays));
                return new DateRange(start, start.AddDays(BiweeklyDays - 1));
            case ReportFrequency.Monthly:
                return Months(date, 1);
            case ReportFrequency.Bimonthly:
                return Months(date, 2);
            case ReportFrequency.Quarterly:
                return Months(date, 3);
            default:
                throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null);
        }
    }

    /// <summary>The period as <c>yyyy-MM-dd_yyyy-MM-dd</c> (first and last day, invariant culture).</summary>
    public static string PeriodKey(DateRange period) =>
        period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "_"
        + period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The report of <paramref name="period"/>: sent on local date <c>period.To + 1 + DelayDays</c> at the cadence's send
    /// time in <paramref name="zone"/>, resolved by <see cref="ToUtc"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    public static ScheduledReport For(ReportCadence cadence, TimeZoneInfo zone, DateRange period)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(zone);
        var sendDate = period.To.AddDays(1 + cadence.DelayDays);
        var sendUtc = ToUtc(sendDate, cadence.SendTime, zone);
        // The wall time actually shown by the client's clock: the send time, or later when it fell in a gap.
        var sendLocal = DateTime.SpecifyKind(sendUtc.UtcDateTime + zone.GetUtcOffset(sendUtc.UtcDateTime), DateTimeKind.Unspecified);
        return new ScheduledReport(period, PeriodKey(period), sendLocal, sendUtc);
    }

    /// <summary>The next <paramref name="count"/> reports whose send instant is at or after <paramref name="now"/>, in order.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="cadence"/> or <paramref name="zone"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<ScheduledReport> Upcoming(ReportCadence cadence, TimeZoneInfo zone, DateTimeOffset now, int count)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // Start a few periods back: the report of a period that ended before today may not be sent yet (DelayDays).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var period = PeriodContaining(cadence.Frequency, today.AddDays(-(cadence.DelayDays + UpcomingMarginDays)));
        var reports = new List<ScheduledReport>(Math.Min(count, 1024));
        while (reports.Count < count)
        {
            var report = For(cadence, zone, period);
            if (report.SendUtc >= now)
            {
                reports.Add(report);
            }

            period = Next(cadence.Frequency, period);
        }

        return reports;
    }

    /// <summary>
    /// Every report whose period starts on or after the start of the period containing <paramref name="firstPeriodFrom"/>
    /// and whose send instant is at or before <paramref name="now"/>, oldest first.
    /// </summary>
    /// <exception cref="ArgumentNullException">When <paramref name="cadence"/> or <paramref name="zone"/> is null.</exception>
    public static IReadOnlyList<ScheduledReport> Due(ReportCadence cadence, TimeZoneInfo zone, DateOnly firstPeriodFrom, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(zone);

        var reports = new List<ScheduledReport>();
        // Send instants strictly increase from one period to the next (send dates are at least 7 days apart), so the
        // first report not yet due ends the list.
        for (var period = PeriodContaining(cadence.Frequency, firstPeriodFrom); ; period = Next(cadence.Frequency, period))
        {
            var report = For(cadence, zone, period);
            if (report.SendUtc > now)
            {
                return reports;
            }

            reports.Add(report);
        }
    }

    /// <summary>
    /// The instant of local wall-clock time <paramref name="localTime"/> on <paramref name="localDate"/> in
    /// <paramref name="zone"/>, with a zero offset. A time that does not exist (spring-forward gap) is moved forward by
    /// the length of the gap: 02:30 where clocks jump 02:00→03:00 is 03:30. A time that exists twice (fall-back overlap)
    /// is the first occurrence, the earlier instant, still in daylight time.
    /// </summary>
    /// <exception cref="ArgumentNullException">When <paramref name="zone"/> is null.</exception>
    public static DateTimeOffset ToUtc(DateOnly localDate, TimeOnly localTime, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // Only UTC → offset look-ups are used: they read the tzdata transitions directly. The local-time questions
        // (IsInvalidTime, GetUtcOffset of a local time) go through .NET's adjustment rules, which get zones with a
        // negative daylight delta wrong (Europe/Dublin: 01:30 on 2026-03-29 does not exist, .NET says it does).
        var local = localDate.ToDateTime(localTime, DateTimeKind.Unspecified);
        var ticks = local.Ticks;

        // Real offsets lie within ±14 h, so the offsets one day either side of the wall time read as UTC are the
        // offsets before and after any transition near it (zones change offset at most once in two days).
        var before = zone.GetUtcOffset(AsUtc(ticks - TimeSpan.TicksPerDay));
        var after = zone.GetUtcOffset(AsUtc(ticks + TimeSpan.TicksPerDay));

        // An offset fits when the instant it gives really has that offset. Both fit in an overlap: take the earlier.
        DateTime? earliest = null;
        foreach (var offset in new[] { before, after })
        {
            var utc = AsUtc(ticks - offset.Ticks);
            if (zone.GetUtcOffset(utc) == offset && (earliest is null || utc < earliest))
            {
                earliest = utc;
            }
        }

        // Neither fits: a gap of (after - before). Moving the wall time forward by it and reading it with the offset
        // after the gap is the same instant as reading the original wall time with the offset before the gap.
        return new DateTimeOffset(earliest ?? AsUtc(ticks - before.Ticks), TimeSpan.Zero);
    }

    private static DateRange Months(DateOnly date, int months)
    {
        var firstMonth = (date.Month - 1) / months * months + 1;
        var lastMonth = firstMonth + months - 1;
        return new DateRange(
            new DateOnly(date.Year, firstMonth, 1),
            new DateOnly(date.Year, lastMonth, DateTime.DaysInMonth(date.Year, lastMonth)));
    }

    private static DateRange Next(ReportFrequency frequency, DateRange period) =>
        PeriodContaining(frequency, period.To.AddDays(1));

    // Clamped so the first and last days of the calendar do not overflow the one-day look-around.
    private static DateTime AsUtc(long ticks) =>
        new(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
}
