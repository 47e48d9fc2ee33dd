namespace KpiFunctions.Kpis;

/// <summary>
/// The period aggregates that KPI formulas read: flow sums (Σ x) and level values at the period's start and
/// end, computed once from daily rows by the period rules of KPIS.md.
/// </summary>
public sealed class PeriodTotals
{
    // Decimal sums: money adds up to 10684.14, not 10684.140000000003. Pushed values are capped well below
    // decimal's range (see MetricDefinition.MaxValue).
    private readonly Dictionary<string, decimal> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _ends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _starts = new(StringComparer.Ordinal);

    /// <summary>
    /// Aggregates <paramref name="rows"/> over <paramref name="period"/>. Rows outside the period are read only
    /// for levels (the value before the period starts), so callers pass the history up to the period's end.
    /// </summary>
    public PeriodTotals(IEnumerable<DailyRow> rows, DateRange period)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Period = period;
        var levels = new Dictionary<(string Metric, string Account), LevelTrack>();
        foreach (var row in rows)
        {
            if (row.Date > period.To)
            {
                continue;
            }

            var inPeriod = row.Date >= period.From;
            foreach (var (name, value) in row.Values)
            {
                if (!MetricCatalog.TryGet(name, out var metric))
                {
                    continue;
                }

                if (metric.Kind == MetricKind.Flow)
                {
                    if (inPeriod)
                    {
                        _sums[name] = _sums.GetValueOrDefault(name) + (decimal)value;
                    }
                }
                else
                {
                    ref var track = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                        levels, (name, row.AccountId), out _);
                    track.Observe(row.Date, value, inPeriod);
                }
            }
        }

        foreach (var ((metric, _), track) in levels)
        {
            _ends[metric] = _ends.GetValueOrDefault(metric) + track.EndValue;
            _starts[metric] = _starts.GetValueOrDefault(metric) + track.StartValue;
        }
    }

    /// <summary>The period aggregated.</summary>
    public DateRange Period { get; }

    /// <summary>The number of days in the period.</summary>
    public int Days => Period.Days;

    /// <summary>Σ of a flow over the period, or null when no row in the period carries it.</summary>
    public double? Sum(string metric) => _sums.TryGetValue(metric, out var v) ? (double)v : null;

    /// <summary>A level at the period's end summed over accounts, or null when no account has one.</summary>
    public double? End(string metric) => _ends.TryGetValue(metric, out var v) ? v : null;

    /// <summary>A level at the period's start summed over accounts, or null when no account has one.</summary>
    public double? Start(string metric) => _starts.TryGetValue(metric, out var v) ? v : null;

    /// <summary>
    /// One account's level: the latest value on or before the period's end, and the start value: the latest
    /// before the period or, failing that, the earliest inside it.
    /// </summary>
    private struct LevelTrack
    {
        private DateOnly _endDate;
        private DateOnly _beforeDate;
        private DateOnly _firstInDate;
        private bool _hasEnd;
        private bool _hasBefore;
        private bool _hasFirstIn;
        private double _before;
        private double _firstIn;

        public double EndValue { get; private set; }

        public readonly double StartValue => _hasBefore ? _before : _firstIn;

        public void Observe(DateOnly date, double value, bool inPeriod)
        {
            if (!_hasEnd || date > _endDate)
            {
                (_hasEnd, _endDate, EndValue) = (true, date, value);
            }

            if (inPeriod)
            {
                if (!_hasFirstIn || date < _firstInDate)
                {
                    (_hasFirstIn, _firstInDate, _firstIn) = (true, date, value);
                }
            }
            else if (!_hasBefore || date > _beforeDate)
            {
                (_hasBefore, _beforeDate, _before) = (true, date, value);
            }
        }
    }
}
