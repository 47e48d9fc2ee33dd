namespace KpiFunctions.Kpis;

/// <summary>The group a KPI is listed under.</summary>
public enum KpiCategory
{
    /// <summary>Reach and awareness.</summary>
    Reach,

    /// <summary>Engagement.</summary>
    Engagement,

    /// <summary>Conversion.</summary>
    Conversion,

    /// <summary>Cost and return.</summary>
    Cost,

    /// <summary>Customer care and sentiment.</summary>
    CustomerCare,

    /// <summary>Owned channels (email, reviews).</summary>
    OwnedChannels,

    /// <summary>Advocacy and influencers.</summary>
    Advocacy,
}

/// <summary>The unit a KPI value is expressed in.</summary>
public enum KpiUnit
{
    /// <summary>A plain count.</summary>
    Count,

    /// <summary>Percent (0..100 and beyond); changes are in percentage points.</summary>
    Percent,

    /// <summary>Money in the client's currency.</summary>
    Currency,

    /// <summary>Minutes.</summary>
    Minutes,

    /// <summary>An average rating.</summary>
    Rating,

    /// <summary>A plain ratio (revenue per unit of spend).</summary>
    Ratio,

    /// <summary>Occurrences per week.</summary>
    PerWeek,
}

/// <summary>Which direction of change is good; drives arrows and colours.</summary>
public enum Better
{
    /// <summary>Higher is better.</summary>
    Higher,

    /// <summary>Lower is better.</summary>
    Lower,

    /// <summary>Neither direction is good or bad in itself.</summary>
    None,
}

/// <summary>How a KPI's value behaves over time; decides how goals measure it.</summary>
public enum KpiAggregation
{
    /// <summary>A value at a point in time (followers): read at the end of a period.</summary>
    Level,

    /// <summary>A quantity that accumulates over a period (impressions, spend, follower growth).</summary>
    Flow,

    /// <summary>A ratio or average over a period (engagement rate, cpc, response time); does not accumulate.</summary>
    Rate,
}

/// <summary>One KPI of the catalog: its public id, presentation and formula.</summary>
/// <param name="Id">The public id; never renamed.</param>
/// <param name="Name">The English display name.</param>
/// <param name="Category">The group it is listed under.</param>
/// <param name="Unit">The unit of its value.</param>
/// <param name="Better">Which direction of change is good.</param>
/// <param name="Formula">Computes the value from period totals; null when undefined.</param>
public sealed record KpiDefinition(
    string Id,
    string Name,
    KpiCategory Category,
    KpiUnit Unit,
    Better Better,
    Func<PeriodTotals, double?> Formula)
{
    /// <summary>Level, flow or rate.</summary>
    public KpiAggregation Aggregation { get; init; } = KpiAggregation.Rate;

    /// <summary>The KPI's value over <paramref name="totals"/>: null when an input is missing or a denominator is 0.</summary>
    public double? Evaluate(PeriodTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var value = Formula(totals);
        return value is { } v && double.IsFinite(v) ? v : null;
    }
}
