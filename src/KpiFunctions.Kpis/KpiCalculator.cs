namespace KpiFunctions.Kpis;

/// <summary>A KPI's value over a period and over its comparison period.</summary>
/// <param name="Kpi">The KPI.</param>
/// <param name="Value">The value over the period; null when undefined.</param>
/// <param name="Previous">The value over the comparison period; null when undefined or not compared.</param>
public sealed record KpiResult(KpiDefinition Kpi, double? Value, double? Previous)
{
    /// <summary><c>value - previous</c>; in percentage points for percent KPIs.</summary>
    /// <remarks>Subtracted as decimals, so 10684.14 - 11084.36 is -400.22 and not -400.22000000000116.</remarks>
    public double? Change => Value is { } v && Previous is { } p ? Subtract(v, p) : null;

    /// <summary><c>change / |previous| * 100</c>; null when previous is null or 0.</summary>
    public double? ChangePercent => Previous is { } p && p != 0 ? Change / Math.Abs(p) * 100 : null;

    private static double Subtract(double a, double b) =>
        Math.Abs(a) < DecimalSafe && Math.Abs(b) < DecimalSafe ? (double)((decimal)a - (decimal)b) : a - b;

    private const double DecimalSafe = 1e27;
}

/// <summary>The KPIs of the accounts of one platform.</summary>
public sealed record PlatformKpis(string Platform, IReadOnlyList<KpiResult> Kpis);

/// <summary>KPI values over a period, with their comparison and, when asked, a breakdown by platform.</summary>
public sealed record KpiReport(
    DateRange Period,
    DateRange? Comparison,
    IReadOnlyList<KpiResult> Kpis,
    IReadOnlyList<PlatformKpis>? Platforms);

/// <summary>One point of a KPI series: the KPI over one bucket of days.</summary>
public sealed record SeriesPoint(DateRange Period, double? Value);

/// <summary>Computes KPI values from daily rows.</summary>
public static class KpiCalculator
{
    /// <summary>
    /// Computes <paramref name="kpis"/> over <paramref name="period"/> and its comparison period.
    /// <paramref name="rows"/> must hold every row up to the period's end (levels read the history before it).
    /// </summary>
    public static KpiReport Compute(
        IReadOnlyCollection<DailyRow> rows,
        DateRange period,
        CompareMode compare,
        IReadOnlyList<KpiDefinition> kpis,
        bool byPlatform)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(kpis);
        var comparison = period.ComparedTo(compare);
        var total = Evaluate(rows, period, comparison, kpis);
        if (!byPlatform)
        {
            return new KpiReport(period, comparison, total, null);
        }

        // A platform is listed when it has data in the period or in the comparison period.
        var platforms = rows
            .Where(r => period.Contains(r.Date) || comparison?.Contains(r.Date) == true)
            .Select(r => r.Platform)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(Platforms.Order)
            .Select(p => new PlatformKpis(
                p,
                Evaluate([.. rows.Where(r => r.Platform == p)], period, comparison, kpis)))
            .ToList();
        return new KpiReport(period, comparison, total, platforms);
    }

    /// <summary>
    /// The value of <paramref name="kpi"/> over each bucket of <paramref name="period"/> split by
    /// <paramref name="granularity"/>; each bucket is a period of its own (levels at its ends, flows summed in it).
    /// </summary>
    public static IReadOnlyList<SeriesPoint> Series(
        IEnumerable<DailyRow> rows,
        KpiDefinition kpi,
        DateRange period,
        Granularity granularity)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(kpi);

        // One sweep over the rows in date order. Before each bucket, the levels seen so far are folded into one
        // carry row per account dated the day before the bucket, so each bucket reads only its own rows.
        var sorted = rows.Where(r => r.Date <= period.To).OrderBy(r => r.Date).ToList();
        var carried = new Dictionary<string, (string Platform, Dictionary<string, double> Levels)>(StringComparer.Ordinal);
        var next = 0;
        var points = new List<SeriesPoint>();
        foreach (var bucket in period.Split(granularity))
        {
            for (; next < sorted.Count && sorted[next].Date < bucket.From; next++)
            {
                Carry(carried, sorted[next]);
            }

            var dayBefore = bucket.From.AddDays(-1);
            var bucketRows = carried
                .Select(a => new DailyRow(dayBefore, a.Key, a.Value.Platform, a.Value.Levels))
                .Concat(sorted.Skip(next).TakeWhile(r => r.Date <= bucket.To));
            points.Add(new SeriesPoint(bucket, kpi.Evaluate(new PeriodTotals(bucketRows, bucket))));
        }

        return points;
    }

    private static List<KpiResult> Evaluate(
        IReadOnlyCollection<DailyRow> rows,
        DateRange period,
        DateRange? comparison,
        IReadOnlyList<KpiDefinition> kpis)
    {
        var current = new PeriodTotals(rows, period);
        var previous = comparison is { } c ? new PeriodTotals(rows, c) : null;
        return [.. kpis.Select(k => new KpiResult(k, k.Evaluate(current), previous is null ? null : k.Evaluate(previous)))];
    }

    private static void Carry(
        Dictionary<string, (string Platform, Dictionary<string, double> Levels)> carried,
        DailyRow row)
    {
        foreach (var (name, value) in row.Values)
        {
            if (MetricCatalog.TryGet(name, out var metric) && metric.Kind == MetricKind.Level)
            {
                if (!carried.TryGetValue(row.AccountId, out var account))
                {
                    account = (row.Platform, new Dictionary<string, double>(StringComparer.Ordinal));
                    carried[row.AccountId] = account;
                }

                account.Levels[name] = value;
            }
        }
    }
}
