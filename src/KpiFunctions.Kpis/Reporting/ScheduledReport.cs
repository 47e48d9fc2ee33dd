namespace KpiFunctions.Kpis.Reporting;

/// <summary>One report of a cadence: the period it covers and when it is sent.</summary>
/// <param name="Period">The days the report covers, both ends inclusive.</param>
/// <param name="PeriodKey">The period as <c>yyyy-MM-dd_yyyy-MM-dd</c>, unique per period: use it to send a report once.</param>
/// <param name="SendLocal">
/// The local wall-clock time the report is sent in the client's zone (<see cref="DateTimeKind.Unspecified"/>). It equals
/// the cadence's send time except when that time does not exist (spring forward), where it is moved forward by the gap.
/// </param>
/// <param name="SendUtc">The instant the report is sent, with a zero offset.</param>
public sealed record ScheduledReport(DateRange Period, string PeriodKey, DateTime SendLocal, DateTimeOffset SendUtc);
