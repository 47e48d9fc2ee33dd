namespace KpiFunctions.Kpis.Goals;

/// <summary>
/// A goal measured on one day. Every number is null rather than NaN or infinite when it cannot be computed;
/// see <see cref="GoalEvaluator.Evaluate"/> for the exact definitions.
/// </summary>
/// <param name="AsOf">The last complete day measured: the day before today, or the deadline once it has passed.</param>
/// <param name="Baseline">The KPI before the goal started: the reference that progress is measured from.</param>
/// <param name="Value">The KPI as of <paramref name="AsOf"/>; null before the start or without data.</param>
/// <param name="ProgressPercent">How far the value has come towards the target, in percent; null when undefined.</param>
/// <param name="ExpectedProgressPercent">The share of the goal's days that has elapsed, in percent (0 to 100).</param>
/// <param name="Forecast">The value expected at the deadline from the recent trend; null when undefined.</param>
/// <param name="Status">Achieved, on track, at risk, off track or missed.</param>
public sealed record GoalProgress(
    DateOnly AsOf,
    double? Baseline,
    double? Value,
    double? ProgressPercent,
    double ExpectedProgressPercent,
    double? Forecast,
    GoalStatus Status);
