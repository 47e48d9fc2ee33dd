namespace KpiFunctions.Kpis.Reporting;

/// <summary>How often a client receives a report, and so how the calendar is cut into report periods.</summary>
public enum ReportFrequency
{
    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Weekly,

    /// <summary>14 days from a Monday a multiple of 14 days away from <see cref="ReportSchedule.BiweeklyAnchor"/>.</summary>
    Biweekly,

    /// <summary>Calendar months.</summary>
    Monthly,

    /// <summary>Pairs of calendar months: Jan–Feb, Mar–Apr, May–Jun, Jul–Aug, Sep–Oct, Nov–Dec.</summary>
    Bimonthly,

    /// <summary>Calendar quarters: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec.</summary>
    Quarterly,
}
