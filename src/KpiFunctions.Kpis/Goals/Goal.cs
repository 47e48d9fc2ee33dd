namespace KpiFunctions.Kpis.Goals;

/// <summary>
/// A SMART goal agreed with a client: a KPI, the value to reach and the days to reach it in. Always valid: the
/// constructor rejects a deadline before the start and a target that is not a finite number.
/// </summary>
/// <param name="Kpi">The KPI the goal is set on.</param>
/// <param name="Target">
/// The value to reach. For a level or rate KPI, the KPI's value at the deadline; for a flow KPI, the total over
/// [<paramref name="StartDate"/>, <paramref name="Deadline"/>].
/// </param>
/// <param name="StartDate">The first day of the goal (the baseline is measured before it).</param>
/// <param name="Deadline">The last day of the goal, inclusive.</param>
/// <param name="Platform">Only the accounts of this platform count; null for all of the client's accounts.</param>
/// <exception cref="ArgumentNullException">When <paramref name="Kpi"/> is null.</exception>
/// <exception cref="ArgumentOutOfRangeException">
/// When <paramref name="Target"/> is NaN or infinite, or <paramref name="Deadline"/> is before <paramref name="StartDate"/>.
/// </exception>
public sealed record Goal(KpiDefinition Kpi, double Target, DateOnly StartDate, DateOnly Deadline, string? Platform)
{
    // Get-only properties: a `with` expression cannot bypass the checks below.

    /// <summary>The KPI the goal is set on.</summary>
    public KpiDefinition Kpi { get; } = Kpi ?? throw new ArgumentNullException(nameof(Kpi));

    /// <summary>The value to reach (a total over the goal's days for a flow KPI); always finite.</summary>
    public double Target { get; } = double.IsFinite(Target)
        ? Target
        : throw new ArgumentOutOfRangeException(nameof(Target), Target, "The target must be a finite number.");

    /// <summary>The first day of the goal.</summary>
    public DateOnly StartDate { get; } = StartDate;

    /// <summary>The last day of the goal, inclusive; never before <see cref="StartDate"/>.</summary>
    public DateOnly Deadline { get; } = Deadline >= StartDate
        ? Deadline
        : throw new ArgumentOutOfRangeException(nameof(Deadline), Deadline, "The deadline must not be before the start date.");

    /// <summary>Only the accounts of this platform count; null for all accounts.</summary>
    public string? Platform { get; } = Platform;

    /// <summary>The number of days of the goal, <c>Deadline - StartDate + 1</c>.</summary>
    public int Days => Deadline.DayNumber - StartDate.DayNumber + 1;
}
