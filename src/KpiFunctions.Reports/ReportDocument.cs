using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;

namespace KpiFunctions.Reports;

/// <summary>The agency's branding, printed on the cover and in every page's header and footer.</summary>
/// <param name="AgencyName">The agency's name, printed in every page's footer.</param>
/// <param name="PrimaryColor">The main brand colour as <c>#RRGGBB</c>: cover band, headings, chart lines.</param>
/// <param name="AccentColor">The second brand colour as <c>#RRGGBB</c>: cover accents and goal bars.</param>
/// <param name="LogoPng">The agency's logo as PNG bytes, or null for none; drawn on the cover, scaled to fit.</param>
public sealed record Branding(string AgencyName, string PrimaryColor, string AccentColor, byte[]? LogoPng);

/// <summary>One SMART goal with its measured progress, as the goals section shows it.</summary>
/// <param name="Id">The goal's id.</param>
/// <param name="Kpi">The KPI the goal is set on.</param>
/// <param name="Target">The value to reach (a total over the goal's days for a flow KPI).</param>
/// <param name="StartDate">The goal's first day.</param>
/// <param name="Deadline">The goal's last day, inclusive.</param>
/// <param name="Platform">Only this platform's accounts count; null for all accounts.</param>
/// <param name="Progress">The goal as measured by <see cref="GoalEvaluator"/>.</param>
public sealed record GoalLine(
    string Id,
    KpiDefinition Kpi,
    double Target,
    DateOnly StartDate,
    DateOnly Deadline,
    string? Platform,
    GoalProgress Progress);

/// <summary>A KPI's series over the report period, drawn as a trend chart or a summary card's sparkline.</summary>
/// <param name="Kpi">The KPI.</param>
/// <param name="Granularity">Day or week buckets (month buckets are drawn too, but reports use day or week).</param>
/// <param name="Points">One point per bucket, in date order; null values are gaps.</param>
/// <param name="Comparison">
/// The same KPI over the comparison period split the same way, drawn as a second line: its n-th bucket beside the
/// period's n-th (the first day of last month beside the first day of this one). Empty without a comparison.
/// </param>
public sealed record TrendSeries(
    KpiDefinition Kpi,
    Granularity Granularity,
    IReadOnlyList<SeriesPoint> Points,
    IReadOnlyList<SeriesPoint>? Comparison = null);

/// <summary>One of the period's best posts.</summary>
/// <param name="Platform">The platform id (see <see cref="Platforms"/>).</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Text">The post's text; long texts are shortened in the report.</param>
/// <param name="Engagements">Likes, comments, shares and saves.</param>
/// <param name="Likes">Likes; null when the platform does not give them per post.</param>
/// <param name="Shares">Shares; null when the platform does not give them per post.</param>
/// <param name="LinkClicks">Link clicks; null when the platform does not give them per post.</param>
public sealed record TopPost(
    string Platform,
    DateTimeOffset PublishedAt,
    string Text,
    double Engagements,
    double? Likes,
    double? Shares,
    double? LinkClicks);

/// <summary>One account whose data the report reads.</summary>
/// <param name="AccountId">The account's id.</param>
/// <param name="Platform">The platform id.</param>
/// <param name="FirstDate">The first day with data in the report's periods; null when none.</param>
/// <param name="LastDate">The last day with data in the report's periods; null when none.</param>
/// <param name="DisplayName">The account's name as the client knows it (the page's name); null for the id.</param>
public sealed record AccountNote(string AccountId, string Platform, DateOnly? FirstDate, DateOnly? LastDate, string? DisplayName = null)
{
    /// <summary>What the report calls the account: its display name, else its id.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? AccountId : DisplayName;
}

/// <summary>A connected account whose data stops inside the period because it was not connected (a gap, not a drop).</summary>
/// <param name="AccountId">The account's id.</param>
/// <param name="Platform">The platform id.</param>
/// <param name="MissingFrom">The first day without data.</param>
/// <param name="DisplayName">The account's name as the client knows it; null for the id.</param>
public sealed record AccountGap(string AccountId, string Platform, DateOnly MissingFrom, string? DisplayName = null)
{
    /// <summary>What the report calls the account: its display name, else its id.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? AccountId : DisplayName;
}

/// <summary>What the data note at the end of the report says about the data.</summary>
/// <param name="Accounts">The accounts read.</param>
/// <param name="KpisWithoutData">The ids of the KPIs that had no value in the period.</param>
/// <param name="DataUpdatedAt">When the newest data was fetched.</param>
public sealed record DataNote(IReadOnlyList<AccountNote> Accounts, IReadOnlyList<string> KpisWithoutData, DateTimeOffset DataUpdatedAt)
{
    /// <summary>The accounts that were not connected for part of the period, and from when their data is missing.</summary>
    public IReadOnlyList<AccountGap> Gaps { get; init; } = [];
}

/// <summary>The agency's words on one report, printed on the summary page.</summary>
/// <param name="Summary">The agency's summary of the period, or null.</param>
/// <param name="NextSteps">What the agency will do next, or null.</param>
public sealed record Commentary(string? Summary, string? NextSteps);

/// <summary>Everything one client report shows; rendered by <see cref="ReportPdf"/> and <see cref="ReportHtml"/>.</summary>
/// <param name="Branding">The agency's branding.</param>
/// <param name="ClientName">The client's name, on the cover and in the page header.</param>
/// <param name="Locale">The client's locale (e.g. <c>sv-SE</c>): labels, KPI names, dates and numbers; see <see cref="ReportLanguages"/>.</param>
/// <param name="TimeZone">The client's IANA time zone, for times such as the data's freshness.</param>
/// <param name="Currency">The ISO 4217 code money values are in (e.g. <c>SEK</c>).</param>
/// <param name="Period">The reporting period.</param>
/// <param name="Comparison">The comparison period, or null.</param>
/// <param name="Compare">How the comparison period was chosen.</param>
/// <param name="HeadlineKpis">The ids of the KPIs in the executive summary, in order.</param>
/// <param name="Kpis">Every KPI's value over the period and the comparison, for the KPI table.</param>
/// <param name="Goals">
/// The client's goals with their progress, also those that start after the period (shown as not started); the section
/// says so when there are none.
/// </param>
/// <param name="Trends">The series drawn as trend charts, usually one per headline KPI.</param>
/// <param name="Platforms">The KPIs per platform, for the breakdown table.</param>
/// <param name="TopPosts">The period's best posts; the section is left out when there are none.</param>
/// <param name="DataNote">What the data note says.</param>
/// <param name="GeneratedAt">When the report was made (also the PDF's creation date).</param>
public sealed record ReportDocument(
    Branding Branding,
    string ClientName,
    string Locale,
    string TimeZone,
    string Currency,
    DateRange Period,
    DateRange? Comparison,
    CompareMode Compare,
    IReadOnlyList<string> HeadlineKpis,
    IReadOnlyList<KpiResult> Kpis,
    IReadOnlyList<GoalLine> Goals,
    IReadOnlyList<TrendSeries> Trends,
    IReadOnlyList<PlatformKpis> Platforms,
    IReadOnlyList<TopPost> TopPosts,
    DataNote DataNote,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The agency's commentary on the summary page, or null for none.</summary>
    public Commentary? Commentary { get; init; }

    /// <summary>The KPIs of the KPI table, in order (grouped by category in the order categories first appear); null for all of <see cref="Kpis"/>.</summary>
    public IReadOnlyList<string>? TableKpis { get; init; }

    /// <summary>
    /// The series of the headline KPIs over the period (and the comparison), drawn small on their summary cards; a KPI
    /// of <see cref="Trends"/> needs none here.
    /// </summary>
    public IReadOnlyList<TrendSeries> Sparklines { get; init; } = [];
}
