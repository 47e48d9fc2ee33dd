namespace KpiFunctions.Kpis.Reporting;

/// <summary>
/// When a client's reports are sent: the period length, the local wall-clock send time, how many days after the period
/// ends to wait for late platform data, and the comparison the report shows.
/// </summary>
/// <param name="Frequency">How the calendar is cut into report periods.</param>
/// <param name="SendTime">The local wall-clock time of the client's time zone at which the report is sent.</param>
/// <param name="DelayDays">
/// Days after the period ends before sending, 0 to 31: 0 sends on the day after the last day of the period, 3 sends a
/// monthly report on the 4th.
/// </param>
/// <param name="Compare">The period the report compares with.</param>
/// <exception cref="ArgumentOutOfRangeException">
/// When <paramref name="DelayDays"/> is outside 0..31 or an enum value is not defined.
/// </exception>
public sealed record ReportCadence(ReportFrequency Frequency, TimeOnly SendTime, int DelayDays, CompareMode Compare)
{
    /// <summary>The largest <see cref="DelayDays"/>: a month of waiting is already more than any platform needs.</summary>
    public const int MaxDelayDays = 31;

    // Initializers bypass init accessors, so both paths validate: the constructor here, `with` in the accessor.

    /// <summary>How the calendar is cut into report periods.</summary>
    public ReportFrequency Frequency { get; init => field = Defined(value); } = Defined(Frequency);

    /// <summary>Days after the period ends before sending, 0 to <see cref="MaxDelayDays"/>.</summary>
    public int DelayDays { get; init => field = ValidDelay(value); } = ValidDelay(DelayDays);

    /// <summary>The period the report compares with.</summary>
    public CompareMode Compare { get; init => field = Defined(value); } = Defined(Compare);

    private static int ValidDelay(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days, nameof(DelayDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDelayDays, nameof(DelayDays));
        return days;
    }

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(typeof(T).Name, value, $"Not a defined {typeof(T).Name}.");
}
