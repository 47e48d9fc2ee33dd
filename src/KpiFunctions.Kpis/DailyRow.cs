namespace KpiFunctions.Kpis;

/// <summary>
/// The metrics of one account on one calendar day. A metric absent from <see cref="Values"/> is missing,
/// which is not the same as 0.
/// </summary>
public sealed record DailyRow(DateOnly Date, string AccountId, string Platform, IReadOnlyDictionary<string, double> Values);
