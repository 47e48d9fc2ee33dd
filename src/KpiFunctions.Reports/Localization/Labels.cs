using System.Collections.Frozen;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;

namespace KpiFunctions.Reports.Localization;

/// <summary>
/// Every word a report prints in one language. Strings with <c>{0}</c> are composite formats. One instance per
/// language (<c>Labels.*.cs</c>); <see cref="ReportLanguages"/> picks one.
/// </summary>
internal sealed class Labels
{
    public required string Language { get; init; }

    public required string ReportTitle { get; init; }

    public required string PreparedBy { get; init; }

    public required string ReportingPeriod { get; init; }

    public required string ComparedWith { get; init; }

    public required string NoComparison { get; init; }

    public required string VsPrevious { get; init; }

    public required string VsYear { get; init; }

    /// <summary>What a year-earlier comparison is, after its name: "March 2025 (same period last year)".</summary>
    public required string SamePeriodLastYear { get; init; }

    /// <summary>"compared with {0}" (the comparison period's name), said once under the summary's heading.</summary>
    public required string VsNamed { get; init; }

    /// <summary>Whole months of one year: "{0:MMMM}–{1:MMMM yyyy}" (first and last month as dates).</summary>
    public required string MonthSpanName { get; init; }

    /// <summary>A calendar quarter: {0} its number 1–4, {1} the year.</summary>
    public required string QuarterName { get; init; }

    /// <summary>An ISO week: {0} its number, {1} its ISO year.</summary>
    public required string WeekName { get; init; }

    /// <summary>A whole calendar year: {0} the year.</summary>
    public required string YearName { get; init; }

    /// <summary>"No data for {0}": the comparison period had no data at all.</summary>
    public required string NoComparisonData { get; init; }

    /// <summary>The baseline of a goal on a total: the total of the equally long period before the goal started.</summary>
    public required string GoalPreviousTotal { get; init; }

    /// <summary>The value of a goal on a total: "So far ({0} of {1} days)".</summary>
    public required string GoalSoFar { get; init; }

    /// <summary>The status of a goal whose first day is after the report's period.</summary>
    public required string GoalNotStarted { get; init; }

    /// <summary>"Starts {0}" (a date).</summary>
    public required string GoalStarts { get; init; }

    /// <summary>The label of a goal's first day.</summary>
    public required string GoalStart { get; init; }

    /// <summary>Where the forecast puts the goal's progress at its deadline.</summary>
    public required string GoalForecastAtDeadline { get; init; }

    /// <summary>Under a chart whose value axis does not start at zero (rates).</summary>
    public required string AxisNotFromZero { get; init; }

    public required string Generated { get; init; }

    public required string Contents { get; init; }

    public required string ExecutiveSummary { get; init; }

    public required string GoalsHeading { get; init; }

    public required string KpiTableHeading { get; init; }

    public required string TrendsHeading { get; init; }

    public required string PlatformsHeading { get; init; }

    public required string TopPostsHeading { get; init; }

    public required string DataNoteHeading { get; init; }

    public required string GlossaryHeading { get; init; }

    /// <summary>The sentence under the glossary heading: how each KPI in the report is calculated.</summary>
    public required string GlossaryIntro { get; init; }

    public required string ColumnKpi { get; init; }

    public required string ColumnValue { get; init; }

    public required string ColumnPrevious { get; init; }

    public required string ColumnChange { get; init; }

    public required string ColumnChangePercent { get; init; }

    public required string Continued { get; init; }

    public required string Improvements { get; init; }

    /// <summary>The heading of the agency's commentary on the summary page.</summary>
    public required string CommentaryHeading { get; init; }

    /// <summary>The heading of the commentary's next steps.</summary>
    public required string NextStepsHeading { get; init; }

    public required string NeedsAttention { get; init; }

    public required string NoComparableChanges { get; init; }

    public required string GoalTarget { get; init; }

    public required string GoalDeadline { get; init; }

    public required string GoalCurrent { get; init; }

    public required string GoalBaseline { get; init; }

    public required string GoalForecast { get; init; }

    public required string GoalProgress { get; init; }

    public required string GoalExpected { get; init; }

    public required string AsOf { get; init; }

    public required string NoGoals { get; init; }

    public required string AllPlatforms { get; init; }

    public required FrozenDictionary<GoalStatus, string> Statuses { get; init; }

    public required string Daily { get; init; }

    public required string Weekly { get; init; }

    public required string Monthly { get; init; }

    public required string NoSeriesData { get; init; }

    public required string ColumnPlatform { get; init; }

    public required string PlatformOther { get; init; }

    public required string ColumnDate { get; init; }

    public required string ColumnPost { get; init; }

    public required string NoteTimeZone { get; init; }

    public required string NoteAccounts { get; init; }

    public required string NoteAccount { get; init; }

    public required string NoteFirstDay { get; init; }

    public required string NoteLastDay { get; init; }

    public required string NoteNoData { get; init; }

    public required string NoteDataUpdated { get; init; }

    /// <summary>The label of an account with a data gap.</summary>
    public required string NoteDataGap { get; init; }

    /// <summary>"{0} ({1}) was not connected from {2}: its data is missing from then on, a gap, not a drop." (account, platform, date).</summary>
    public required string NoteDataGapText { get; init; }

    public required string NoteKpisWithoutData { get; init; }

    public required string NoteAllKpisHaveData { get; init; }

    public required string NoteMethod { get; init; }

    /// <summary>A sentence on the calendar the dates use, for languages whose default calendar is not the Gregorian one.</summary>
    public string? NoteCalendar { get; init; }

    public required string UnitPercentagePoints { get; init; }

    public required string UnitMinutes { get; init; }

    public required string UnitPerWeek { get; init; }

    /// <summary>What goes between a number and its unit: a space, or nothing in Chinese ("12.5分钟").</summary>
    public string UnitSpace { get; init; } = " ";

    /// <summary>What separates the items of a list in running text: ", " or the Chinese enumeration comma.</summary>
    public string ListSeparator { get; init; } = ", ";

    public required FrozenDictionary<KpiCategory, string> Categories { get; init; }

    /// <summary>The name of every KPI of <see cref="KpiCatalog"/>, by id.</summary>
    public required FrozenDictionary<string, string> KpiNames { get; init; }

    public string KpiName(KpiDefinition kpi) => KpiNames.TryGetValue(kpi.Id, out var name) ? name : kpi.Name;

    /// <summary>
    /// What every KPI of <see cref="KpiCatalog"/> means and how KPIS.md computes it, in one or two sentences, by id; the
    /// glossary's text. Terms are this language's <see cref="KpiNames"/>; formulas use ×, ÷ and the minus sign (U+2212).
    /// </summary>
    public required FrozenDictionary<string, string> KpiDefinitions { get; init; }

    /// <summary>The definition of <paramref name="kpi"/> in this language, else in English, else empty.</summary>
    public string KpiDefinition(KpiDefinition kpi) =>
        KpiDefinitions.TryGetValue(kpi.Id, out var definition)
            || Translations.English.KpiDefinitions.TryGetValue(kpi.Id, out definition)
            ? definition
            : "";

    public string Platform(string id) => id switch
    {
        "facebook" => "Facebook",
        "instagram" => "Instagram",
        "linkedin" => "LinkedIn",
        "x" => "X",
        "youtube" => "YouTube",
        "tiktok" => "TikTok",
        "pinterest" => "Pinterest",
        "meta_ads" => "Meta Ads",
        "other" => PlatformOther,
        _ => id,
    };

    internal static FrozenDictionary<GoalStatus, string> StatusMap(
        string achieved, string onTrack, string atRisk, string offTrack, string missed) =>
        new Dictionary<GoalStatus, string>
        {
            [GoalStatus.Achieved] = achieved,
            [GoalStatus.OnTrack] = onTrack,
            [GoalStatus.AtRisk] = atRisk,
            [GoalStatus.OffTrack] = offTrack,
            [GoalStatus.Missed] = missed,
        }.ToFrozenDictionary();

    internal static FrozenDictionary<KpiCategory, string> CategoryMap(
        string reach, string engagement, string conversion, string cost, string care, string owned, string advocacy) =>
        new Dictionary<KpiCategory, string>
        {
            [KpiCategory.Reach] = reach,
            [KpiCategory.Engagement] = engagement,
            [KpiCategory.Conversion] = conversion,
            [KpiCategory.Cost] = cost,
            [KpiCategory.CustomerCare] = care,
            [KpiCategory.OwnedChannels] = owned,
            [KpiCategory.Advocacy] = advocacy,
        }.ToFrozenDictionary();

    /// <summary>Pairs up ids and names; the catalog's order, so a missing or extra name fails loudly in the tests.</summary>
    internal static FrozenDictionary<string, string> Names(params (string Id, string Name)[] names) =>
        names.ToFrozenDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal);

    /// <summary>Pairs up ids and definitions, in the catalog's order like <see cref="Names"/>.</summary>
    internal static FrozenDictionary<string, string> Definitions(params (string Id, string Definition)[] definitions) =>
        definitions.ToFrozenDictionary(d => d.Id, d => d.Definition, StringComparer.Ordinal);
}
