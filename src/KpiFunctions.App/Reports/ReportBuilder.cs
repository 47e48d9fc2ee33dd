using KpiFunctions.App.Clients;
using KpiFunctions.App.Goals;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Kpis.Reporting;
using KpiFunctions.Reports;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Reports;

/// <summary>
/// Gathers every number of a client's report for one period. Everything is computed from the period and the
/// stored data only (goals are measured as of the period's last day), so rendering the same period from the same
/// data gives the same numbers, whenever it runs.
/// </summary>
public sealed class ReportBuilder(
    MetricStore metrics,
    PostStore posts,
    IDataGaps gaps,
    IAccountNames accountNames,
    GoalStore goals,
    CommentaryStore commentaries,
    IOptions<ReportOptions> options,
    IHostEnvironment environment,
    TimeProvider time)
{
    /// <summary>The summary cards of a client with data from these platforms only, before the KPIs without data are left out.</summary>
    public static readonly IReadOnlyList<string> Headline =
        ["impressions", "reach", "engagements", "engagement_rate", "followers", "link_clicks", "conversions", "roas"];

    /// <summary>The summary cards of a client with organic social accounts and ads.</summary>
    private static readonly string[] SocialAndAdsHeadline = ["reach", "engagement_rate", "followers", "link_clicks", "spend", "roas"];

    /// <summary>The summary cards of a client with ad accounts only.</summary>
    private static readonly string[] AdsHeadline = ["impressions", "link_clicks", "spend", "cpc", "conversions", "roas"];

    /// <summary>How many summary cards the defaults fill: two full rows of three.</summary>
    private const int DefaultCards = 6;

    private const int TrendCharts = 4;
    private const int TopPosts = 5;
    private const int DailyTrendUpToDays = 45;

    private readonly Lazy<byte[]?> _logo = new(() => LoadLogo(options.Value.LogoPath, environment.ContentRootPath));

    public async Task<ReportDocument> BuildAsync(Client client, DateRange period, CompareMode compare, CancellationToken cancellationToken)
    {
        var rows = await metrics.ReadOnceAsync(client.Id, cancellationToken);
        var report = KpiCalculator.Compute(rows, period, compare, KpiCatalog.All, byPlatform: true);
        var layout = client.Report ?? ReportLayout.Default;
        var withData = report.Kpis.Where(k => k.Value is not null).Select(k => k.Kpi.Id).ToHashSet(StringComparer.Ordinal);
        var shown = report.Kpis.Where(k => !layout.HideEmptyKpis || k.Value is not null || k.Previous is not null)
            .Select(k => k.Kpi.Id).ToHashSet(StringComparer.Ordinal);
        var platforms = rows.Where(r => period.Contains(r.Date)).Select(r => r.Platform).ToHashSet(StringComparer.Ordinal);
        var headline = layout.HeadlineKpis?.Where(shown.Contains).ToList() ?? DefaultHeadline(platforms, withData);
        var tableRows = layout.TableRows() ?? KpiCatalog.All;
        var table = tableRows.Select(k => k.Id).Where(shown.Contains).ToList();

        // Goals as of the period's last day: the report of a past month shows the goals as they stood then. Goals that
        // start after the period are listed too, as not started: the client has goals, they just begin later.
        var asOfToday = period.To.AddDays(1);
        var goalLines = (await goals.ListAsync(client.Id, cancellationToken))
            .Select(g =>
            {
                KpiCatalog.TryGet(g.Kpi, out var kpi);
                var progress = GoalEvaluator.Evaluate(new Goal(kpi, g.Target, g.StartDate, g.Deadline, g.Platform), rows, asOfToday);
                return new GoalLine(g.Id, kpi, g.Target, g.StartDate, g.Deadline, g.Platform, progress);
            })
            .ToList();

        // Every headline KPI's series, with the comparison's beside it: the first few are charted, the rest are the
        // summary cards' sparklines.
        var granularity = period.Days <= DailyTrendUpToDays ? Granularity.Day : Granularity.Week;
        TrendSeries Series(string id)
        {
            KpiCatalog.TryGet(id, out var kpi);
            return new TrendSeries(
                kpi,
                granularity,
                KpiCalculator.Series(rows, kpi, period, granularity),
                report.Comparison is { } comparison ? KpiCalculator.Series(rows, kpi, comparison, granularity) : null);
        }

        var charted = headline.Where(withData.Contains).Take(TrendCharts).ToList();
        var trends = charted.Select(Series).ToList();
        var sparklines = headline.Except(charted).Select(Series).ToList();

        var names = await accountNames.NamesAsync(client.Id, cancellationToken);
        var accounts = rows
            .Where(r => r.Date <= period.To)
            .GroupBy(r => (r.AccountId, r.Platform))
            .Select(g => new AccountNote(
                g.Key.AccountId, g.Key.Platform, g.Min(r => r.Date), g.Max(r => r.Date), names.GetValueOrDefault(g.Key.AccountId)))
            .OrderBy(a => Platforms.Order(a.Platform)).ThenBy(a => a.AccountId, StringComparer.Ordinal)
            .ToList();
        var note = new DataNote(
            accounts,
            [.. tableRows.Where(k => !withData.Contains(k.Id)).Select(k => k.Id)],
            await metrics.LastWrittenAsync(client.Id, cancellationToken) ?? time.GetUtcNow())
        {
            Gaps = await gaps.GapsAsync(client.Id, period, cancellationToken),
        };

        // The posts fetched from the platforms that were published in the period, on the client's clock.
        var zone = client.Zone;
        var topPosts = (await posts.TopAsync(
                client.Id,
                new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(period.From.ToDateTime(TimeOnly.MinValue))),
                new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue))),
                TopPosts,
                cancellationToken))
            .Select(p => new TopPost(p.Platform, p.PublishedAt, p.Text ?? string.Empty, p.Engagements, p.Likes, p.Shares, null))
            .ToList();

        var branding = new Branding(options.Value.AgencyName, options.Value.PrimaryColor, options.Value.AccentColor, _logo.Value);
        return new ReportDocument(
            branding, client.Name, client.Locale, client.TimeZone, client.Currency, period, report.Comparison, compare,
            headline, report.Kpis, goalLines, trends, report.Platforms ?? [], topPosts, note, time.GetUtcNow())
        {
            Commentary = await commentaries.FindAsync(client.Id, ReportSchedule.PeriodKey(period), cancellationToken),
            TableKpis = table,
            Sparklines = sparklines,
        };
    }

    /// <summary>
    /// The summary cards the agency gets until it chooses its own: by the platforms the client has data from
    /// (organic social, ads or both), the KPIs with data, topped up from <see cref="Headline"/>.
    /// </summary>
    public static List<string> DefaultHeadline(IReadOnlySet<string> platforms, IReadOnlySet<string> withData)
    {
        var ads = platforms.Contains("meta_ads");
        var social = platforms.Any(p => p is not "meta_ads" and not "other");
        IEnumerable<string> first = (social, ads) switch
        {
            (true, true) => SocialAndAdsHeadline,
            (false, true) => AdsHeadline,
            _ => Headline,
        };
        return [.. first.Concat(Headline).Distinct(StringComparer.Ordinal).Where(withData.Contains).Take(DefaultCards)];
    }

    /// <summary>The logo file's bytes, a path relative to <paramref name="contentRoot"/> or absolute; null when none is set.</summary>
    internal static byte[]? LoadLogo(string? path, string contentRoot) =>
        string.IsNullOrWhiteSpace(path) ? null : File.ReadAllBytes(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
}

/// <summary>The names of a client's accounts as the platforms give them (the ingestion knows); accounts only pushed have none.</summary>
public interface IAccountNames
{
    /// <summary>The display name of each account that has one, by account id.</summary>
    Task<IReadOnlyDictionary<string, string>> NamesAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>The accounts whose data stops inside a period because they were not connected (the ingestion knows).</summary>
public interface IDataGaps
{
    Task<IReadOnlyList<AccountGap>> GapsAsync(string clientId, DateRange period, CancellationToken cancellationToken);
}
