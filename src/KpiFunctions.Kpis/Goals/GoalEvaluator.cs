using System.Collections.Frozen;

namespace KpiFunctions.Kpis.Goals;

/// <summary>Measures a goal: its baseline, current value, progress, forecast and status. Pure: no clock, no I/O.</summary>
public static class GoalEvaluator
{
    /// <summary>The trend window W, in days: the recent days that the value of a rate and the forecasts read.</summary>
    public const int TrendDays = 28;

    /// <summary>The rate forecast reads this many weekly buckets (8 × 7 = 56 days).</summary>
    private const int RateBuckets = 8;

    /// <summary>A forecast reaching at least this share of the way to the target is at risk rather than off track.</summary>
    private const double AtRiskPercent = 80;

    /// <summary>Relative tolerance of comparisons with the target, so that 3.4000000000000004 meets a target of 3.4.</summary>
    private const double Tolerance = 1e-9;

    // Rates whose value can be negative, so their forecast is not floored at 0.
    private static readonly FrozenSet<string> SignedRates =
        FrozenSet.ToFrozenSet(["roi", "net_sentiment", "follower_growth_rate"], StringComparer.Ordinal);

    /// <summary>
    /// Measures <paramref name="goal"/> on <paramref name="today"/>.
    /// </summary>
    /// <param name="goal">The goal.</param>
    /// <param name="rows">All of the client's daily rows; only those of <see cref="Goal.Platform"/> count when it is set.</param>
    /// <param name="today">Today in the client's time zone. Today is not complete yet, so it is never measured.</param>
    /// <returns>The goal's progress as of the last complete day.</returns>
    /// <remarks>
    /// <para><b>Days.</b> <c>AsOf = min(today - 1, Deadline)</c>: the last complete day; rows after it are ignored.
    /// <c>total = Deadline - StartDate + 1</c> days, <c>elapsed = AsOf - StartDate + 1</c> clamped to 0..total, and
    /// <c>ExpectedProgressPercent = elapsed / total * 100</c>. W = <see cref="TrendDays"/> = 28 days.</para>
    /// <para><b>Not started</b> (<c>AsOf &lt; StartDate</c>): Value, ProgressPercent and Forecast are null,
    /// ExpectedProgressPercent is 0 and the status is <see cref="GoalStatus.OnTrack"/>. The baseline is shown once the
    /// day before the start is complete (today = StartDate), null before that.</para>
    /// <para><b>Level KPI</b> (followers, email_subscribers). Baseline = the KPI at the end of <c>StartDate - 1</c> (the
    /// latest level on or before that day); Value = the KPI at the end of AsOf;
    /// Progress = <c>(Value - Baseline) / (Target - Baseline) * 100</c>; Forecast = the least-squares line through the
    /// daily values of the W days ending AsOf (days without a value skipped; at least 2 needed), evaluated at the
    /// deadline and floored at 0 (a count cannot be negative).</para>
    /// <para><b>Flow KPI</b> (impressions, spend, follower_growth, ...): the target is the total over
    /// [StartDate, Deadline]. Baseline = the KPI over the equally long period just before StartDate; Value = the KPI
    /// over [StartDate, AsOf]; Progress = <c>Value / Target * 100</c>; Forecast = <c>Value + R / n * (Deadline - AsOf)</c>
    /// where n = min(W, elapsed) and R = the KPI over the n days ending AsOf (so inside the goal's days). Forecast =
    /// Value once AsOf is the deadline.</para>
    /// <para><b>Rate KPI</b> (engagement_rate, ctr, cpc, response_time, ...). Baseline = the KPI over the W days before
    /// StartDate; Value = the KPI over the W days ending AsOf (early in a goal these reach back before the start);
    /// Progress = <c>(Value - Baseline) / (Target - Baseline) * 100</c>; Forecast = the least-squares line through the
    /// KPI of each of the 8 seven-day buckets of the 56 days ending AsOf (each bucket a ratio of its sums; x = its
    /// middle day; buckets without a value skipped; at least 2 needed), evaluated at the deadline and floored at 0
    /// (except roi, net_sentiment and follower_growth_rate, which can be negative).</para>
    /// <para><b>Direction.</b> Better.Higher: up; Better.Lower (cpc, response_time, ...): down; Better.None: up when
    /// <c>Target &gt;= Baseline</c> or there is no baseline, else down. A value <i>meets</i> the target when it is
    /// <c>&gt;= Target</c> going up, <c>&lt;= Target</c> going down (within one part in 10⁹). A flow going down is a cap
    /// on a total that only grows as days pass, so it meets its target only over the complete goal (AsOf = Deadline).
    /// For a level or rate whose baseline already meets the target (Target == Baseline, or beyond it the wrong
    /// way), the progress is 100 when the value meets the target, else 0. For a flow with <c>Target &lt;= 0</c>
    /// likewise.</para>
    /// <para><b>Status</b>, in this order: Achieved when the value meets the target; Missed when today is after the
    /// deadline; OffTrack when the value or the forecast is null; otherwise from the forecast score, the progress
    /// computed with the forecast in place of the value: &gt;= 100 OnTrack, &gt;= 80 AtRisk, else OffTrack. Without a
    /// baseline (levels, rates) the score is 100 when the forecast meets the target, else 0. For a flow going down the
    /// score is 100 when the forecast meets the cap, else <c>Target / Forecast * 100</c> (0 when not positive).</para>
    /// </remarks>
    public static GoalProgress Evaluate(Goal goal, IReadOnlyCollection<DailyRow> rows, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(rows);

        var asOf = today.AddDays(-1) < goal.Deadline ? today.AddDays(-1) : goal.Deadline;
        var elapsed = Math.Clamp(asOf.DayNumber - goal.StartDate.DayNumber + 1, 0, goal.Days);
        var expected = elapsed * 100.0 / goal.Days;

        // Only complete days count: a row dated today holds a partial day.
        List<DailyRow> known = [.. rows.Where(r => r.Date <= asOf && (goal.Platform is null || r.Platform == goal.Platform))];
        var w = new Window(goal, known, asOf, elapsed);
        var aggregation = goal.Kpi.Aggregation;

        // The baseline periods all end the day before the start: measured once that day is complete.
        var baseline = asOf < goal.StartDate.AddDays(-1) ? null : Finite(aggregation switch
        {
            KpiAggregation.Level => w.Kpi(goal.StartDate.AddDays(-1), goal.StartDate.AddDays(-1)),
            KpiAggregation.Flow => w.Kpi(goal.StartDate.AddDays(-goal.Days), goal.StartDate.AddDays(-1)),
            _ => w.Kpi(goal.StartDate.AddDays(-TrendDays), goal.StartDate.AddDays(-1)),
        });
        if (asOf < goal.StartDate)
        {
            return new GoalProgress(asOf, baseline, null, null, 0, null, GoalStatus.OnTrack);
        }

        var value = Finite(aggregation switch
        {
            KpiAggregation.Level => w.Kpi(asOf, asOf),
            KpiAggregation.Flow => w.Kpi(goal.StartDate, asOf),
            _ => w.Kpi(asOf.AddDays(1 - TrendDays), asOf),
        });
        var forecast = Finite(aggregation switch
        {
            KpiAggregation.Level => LevelForecast(w),
            KpiAggregation.Flow => FlowForecast(w, value),
            _ => RateForecast(w),
        });
        var rule = new Rule(goal, baseline, complete: asOf == goal.Deadline);
        var status =
            value is { } v && rule.Achieved(v) ? GoalStatus.Achieved
            : today > goal.Deadline ? GoalStatus.Missed
            : value is null || forecast is null ? GoalStatus.OffTrack
            : rule.ForecastScore(forecast.Value) switch
            {
                >= 100 - Tolerance => GoalStatus.OnTrack,
                >= AtRiskPercent - Tolerance => GoalStatus.AtRisk,
                _ => GoalStatus.OffTrack,
            };
        return new GoalProgress(asOf, baseline, value, value is { } x ? rule.Progress(x) : null, expected, forecast, status);
    }

    private static double? LevelForecast(Window w)
    {
        var days = new DateRange(w.AsOf.AddDays(1 - TrendDays), w.AsOf);
        var points = KpiCalculator.Series(w.Rows, w.Goal.Kpi, days, Granularity.Day)
            .Where(p => p.Value is not null)
            .Select(p => (w.X(p.Period.From), p.Value.GetValueOrDefault()))
            .ToList();
        return LeastSquares.At(points, w.X(w.Goal.Deadline)) is { } f ? Math.Max(0, f) : null;
    }

    private static double? FlowForecast(Window w, double? value)
    {
        var remaining = w.Goal.Deadline.DayNumber - w.AsOf.DayNumber;
        if (value is null || remaining == 0)
        {
            return value;
        }

        var n = Math.Min(TrendDays, w.Elapsed);
        return value + (w.Kpi(w.AsOf.AddDays(1 - n), w.AsOf) / n * remaining);
    }

    private static double? RateForecast(Window w)
    {
        var points = new List<(double X, double Y)>(RateBuckets);
        for (var bucket = RateBuckets - 1; bucket >= 0; bucket--)
        {
            var to = w.AsOf.AddDays(-7 * bucket);
            if (w.Kpi(to.AddDays(-6), to) is { } y)
            {
                points.Add((w.X(to.AddDays(-3)), y));
            }
        }

        var forecast = LeastSquares.At(points, w.X(w.Goal.Deadline));
        return forecast is { } f && !SignedRates.Contains(w.Goal.Kpi.Id) ? Math.Max(0, f) : forecast;
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>The goal, its rows up to AsOf and its days: what the measurements read.</summary>
    private sealed record Window(Goal Goal, List<DailyRow> Rows, DateOnly AsOf, int Elapsed)
    {
        /// <summary>The goal's KPI over [from, to], by the period rules of KPIS.md.</summary>
        public double? Kpi(DateOnly from, DateOnly to) => Goal.Kpi.Evaluate(new PeriodTotals(Rows, new DateRange(from, to)));

        /// <summary>A day as the x of a trend line: days after AsOf (keeps the sums small).</summary>
        public double X(DateOnly day) => day.DayNumber - AsOf.DayNumber;
    }

    /// <summary>The goal's direction, and progress and meeting the target in that direction.</summary>
    private readonly struct Rule
    {
        private readonly Goal _goal;
        private readonly double? _baseline;
        private readonly bool _complete;
        private readonly bool _up;

        public Rule(Goal goal, double? baseline, bool complete)
        {
            _goal = goal;
            _baseline = baseline;
            _complete = complete;
            _up = goal.Kpi.Better switch
            {
                Better.Higher => true,
                Better.Lower => false,
                _ => baseline is not { } b || goal.Target >= b,
            };
        }

        private bool IsFlow => _goal.Kpi.Aggregation == KpiAggregation.Flow;

        private double Target => _goal.Target;

        /// <summary>True when <paramref name="value"/> is on the good side of the target (or on it).</summary>
        public bool Meets(double value)
        {
            var slack = Tolerance * Math.Max(1, Math.Abs(Target));
            return _up ? value >= Target - slack : value <= Target + slack;
        }

        /// <summary>Meets, except that a cap on a flow can only be kept once all of the goal's days are in.</summary>
        public bool Achieved(double value) => Meets(value) && (_up || !IsFlow || _complete);

        /// <summary>ProgressPercent of <paramref name="value"/>; null without a baseline (levels, rates).</summary>
        public double? Progress(double value)
        {
            if (IsFlow)
            {
                return Target > 0 ? Finite(value / Target * 100) : Meets(value) ? 100 : 0;
            }

            if (_baseline is not { } baseline)
            {
                return null;
            }

            // No distance to cover when the baseline already meets the target.
            var distance = Target - baseline;
            return (_up ? distance > 0 : distance < 0)
                ? Finite((value - baseline) / distance * 100)
                : Meets(value) ? 100 : 0;
        }

        /// <summary>The progress the forecast would make at the deadline, on the scale of the status thresholds.</summary>
        public double ForecastScore(double forecast)
        {
            if (IsFlow && !_up)
            {
                return Meets(forecast) ? 100 : Target > 0 && forecast > 0 ? Target / forecast * 100 : 0;
            }

            return Progress(forecast) ?? (Meets(forecast) ? 100 : 0);
        }
    }
}
