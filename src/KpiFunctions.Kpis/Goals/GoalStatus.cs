namespace KpiFunctions.Kpis.Goals;

/// <summary>Where a goal stands; see <see cref="GoalEvaluator.Evaluate"/> for exactly how it is decided.</summary>
public enum GoalStatus
{
    /// <summary>The value meets the target.</summary>
    Achieved,

    /// <summary>Not met yet; the forecast reaches at least 100 % of the way to the target (also: not started yet).</summary>
    OnTrack,

    /// <summary>Not met yet; the forecast reaches at least 80 % but less than 100 % of the way to the target.</summary>
    AtRisk,

    /// <summary>Not met yet; the forecast reaches less than 80 % of the way, or there is no value or no forecast.</summary>
    OffTrack,

    /// <summary>The deadline has passed and the value does not meet the target.</summary>
    Missed,
}
