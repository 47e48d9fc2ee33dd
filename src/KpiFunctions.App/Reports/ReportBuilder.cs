using KpiFunctions.App.Clients;
using KpiFunctions.App.Goals;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
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
    IOptions<ReportOptions> options,
    IHostEnvironment environment,
    TimeProvider time)
{
    /// <summary>The KPIs of the executive summary, in order; the first four with data get trend charts.</summary>
    public static readonly IReadOnlyList<string> Headline =
        ["impressions", "reach", "engagements", "engagement_rate", "followers", "link_clicks", "conversions", "roas"];

    private const int TrendCharts = 4;
    private const int TopPosts = 5;
    private const int DailyTrendUpToDays = 45;

    private readonly Lazy<byte[]?> _logo = new(() => LoadLogo(options.Value.LogoPath, environment.ContentRootPath));

    public async Task<ReportDocument> BuildAsync(Client client, DateRange period, CompareMode compare, CancellationToken cancellationToken)
    {
        var rows = await metrics.ReadOnceAsync(client.Id, cancellationToken);
        var report = KpiCalculator.Compute(rows, period, compare, KpiCatalog.All, byPlatform: true);
        var withData = report.Kpis.Where(k => k.Value is not null).Select(k => k.Kpi.Id).ToHashSet(StringComparer.Ordinal);
        var headline = Headline.Where(withData.Contains).ToList();

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

        var trends = headline.Take(TrendCharts).Select(Series).ToList();
        var sparklines = headline.Skip(TrendCharts).Select(Series).ToList();

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
            [.. report.Kpis.Where(k => k.Value is null).Select(k => k.Kpi.Id)],
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
            Sparklines = sparklines,
        };
    }

    private static byte[]? LoadLogo(string? path, string contentRoot) =>
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
