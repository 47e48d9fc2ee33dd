using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Reports.Localization;

namespace KpiFunctions.Reports;

/// <summary>The report's sections, in print order.</summary>
internal enum SectionKind
{
    Summary,
    Goals,
    KpiTable,
    Trends,
    Platforms,
    TopPosts,
    DataNote,
    Glossary,
}

/// <summary>A section that the report contains, with its heading in the report's language.</summary>
internal sealed record SectionView(SectionKind Kind, string Heading);

/// <summary>One KPI's value, comparison and change, formatted.</summary>
internal sealed record KpiLine(
    KpiDefinition Kpi,
    string Name,
    string Value,
    string Previous,
    string Change,
    string ChangePercent,
    Tone Tone,
    int Direction,
    double? RelativeChange);

/// <summary>A goal, formatted.</summary>
internal sealed record GoalView(
    string Name,
    string Scope,
    GoalStatus Status,
    string StatusText,
    double? ProgressPercent,
    double ExpectedPercent,
    string ProgressText,
    string ExpectedText,
    IReadOnlyList<(string Label, string Value)> Facts,
    string AsOf);

/// <summary>A trend chart: the KPI's series with formatted axis labels.</summary>
internal sealed record ChartView(
    KpiDefinition Kpi,
    string Title,
    string Subtitle,
    IReadOnlyList<(DateRange Bucket, double? Value)> Points,
    Granularity Granularity,
    Func<double, double, string> YLabel,
    Func<DateOnly, string> XLabel,
    string NoData)
{
    /// <summary>
    /// Where a bucket's point goes on the time axis (in day numbers): a day at its date, a week or month at its middle,
    /// so the clipped first and last weeks of a period sit where their days are.
    /// </summary>
    public double X(DateRange bucket) =>
        Granularity == Granularity.Day ? bucket.From.DayNumber : (bucket.From.DayNumber + bucket.To.DayNumber) / 2.0;

    /// <summary>The time axis' range in day numbers; never empty.</summary>
    public (double Min, double Max) XRange
    {
        get
        {
            double min = Points[0].Bucket.From.DayNumber;
            double max = Granularity == Granularity.Day ? Points[^1].Bucket.From.DayNumber : Points[^1].Bucket.To.DayNumber;
            return max > min ? (min, max) : (min - 1, max + 1);
        }
    }

    /// <summary>The dates labelled on the time axis: every seventh day, or the start of each week or month.</summary>
    public IEnumerable<DateOnly> Ticks =>
        Granularity == Granularity.Day
            ? Points.Where((_, i) => i % 7 == 0).Select(p => p.Bucket.From)
            : Points.Where((p, i) => i > 0 || p.Bucket.Days >= 4 || Points.Count == 1).Select(p => p.Bucket.From);
}

/// <summary>The platform breakdown: KPI columns, one row per platform and a total row.</summary>
internal sealed record PlatformTableView(
    IReadOnlyList<KpiDefinition> Columns,
    IReadOnlyList<string> ColumnNames,
    IReadOnlyList<(string Platform, IReadOnlyList<KpiLine> Cells)> Rows,
    (string Label, IReadOnlyList<KpiLine> Cells) Total);

/// <summary>A top post, formatted.</summary>
internal sealed record PostView(string Date, string Platform, string Text, string Engagements, string Likes, string Shares, string LinkClicks);

/// <summary>The agency's commentary: the summary's paragraphs and the next steps, one per line written.</summary>
internal sealed record CommentaryView(IReadOnlyList<string> Summary, IReadOnlyList<string> NextSteps);

/// <summary>The data note, formatted.</summary>
internal sealed record DataNoteView(
    IReadOnlyList<(string Label, string Value)> Facts,
    IReadOnlyList<(string Account, string Platform, string First, string Last)> Accounts,
    string KpisWithoutData,
    string Method,
    string? Calendar);

/// <summary>
/// Everything a report prints, in the report's language and formats, decided once for both renderers
/// (<see cref="ReportPdf"/> and <see cref="ReportHtml"/>): the PDF and the HTML show the same words and numbers.
/// </summary>
internal sealed class ReportView
{
    /// <summary>The KPIs of the platform table, when any platform has a value for them.</summary>
    private static readonly string[] PlatformColumns =
        ["followers", "impressions", "engagements", "engagement_rate", "link_clicks", "spend"];

    public ReportView(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
        Format = new ReportFormatter(document.Locale, document.Currency, document.TimeZone);
        Labels = Format.Labels;
        var l = Labels;
        var f = Format;

        PeriodText = f.Range(document.Period);
        ComparisonText = document.Comparison is { } c ? f.Range(c) : null;
        VsText = document.Compare == CompareMode.Year ? l.VsYear : l.VsPrevious;
        PreparedBy = f.Format(l.PreparedBy, document.Branding.AgencyName);
        GeneratedText = f.Instant(document.GeneratedAt);

        var lines = document.Kpis.Select(Line).ToList();
        var byId = lines.GroupBy(k => k.Kpi.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Headline = [.. document.HeadlineKpis.Where(byId.ContainsKey).Select(id => byId[id])];
        Improvements = Highlights(document, lines, Tone.Good);
        Declines = Highlights(document, lines, Tone.Bad);
        // The table's rows in the agency's order, grouped under each category where it first appears.
        var table = document.TableKpis is { } ids ? [.. ids.Where(byId.ContainsKey).Select(id => byId[id])] : lines;
        Categories = [.. table
            .GroupBy(k => k.Kpi.Category)
            .Select(g => (l.Categories[g.Key], (IReadOnlyList<KpiLine>)[.. g]))];
        Commentary = document.Commentary is { } commentary ? new CommentaryView(Lines(commentary.Summary), [.. Lines(commentary.NextSteps).Select(s => s.TrimStart('-', '*', '•', ' '))]) : null;

        Goals = [.. document.Goals.Select(Goal)];
        Charts = [.. document.Trends.Select(Chart)];
        Platforms = PlatformTable(document, byId);
        Posts = [.. document.TopPosts.Select(p => new PostView(
            f.ShortDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.PublishedAt, f.Zone).DateTime)),
            l.Platform(p.Platform),
            p.Text,
            f.Number(p.Engagements, 0),
            p.Likes is { } likes ? f.Number(likes, 0) : "–",
            p.Shares is { } shares ? f.Number(shares, 0) : "–",
            p.LinkClicks is { } clicks ? f.Number(clicks, 0) : "–"))];
        Note = DataNote(document);

        List<SectionView> sections =
        [
            new(SectionKind.Summary, l.ExecutiveSummary),
            new(SectionKind.Goals, l.GoalsHeading),
            new(SectionKind.KpiTable, l.KpiTableHeading),
        ];
        if (Charts.Count > 0)
        {
            sections.Add(new(SectionKind.Trends, l.TrendsHeading));
        }

        if (Platforms.Rows.Count > 0)
        {
            sections.Add(new(SectionKind.Platforms, l.PlatformsHeading));
        }

        if (Posts.Count > 0)
        {
            sections.Add(new(SectionKind.TopPosts, l.TopPostsHeading));
        }

        sections.Add(new(SectionKind.DataNote, l.DataNoteHeading));
        Glossary = GlossaryOf(document, table);
        if (Glossary.Count > 0)
        {
            sections.Add(new(SectionKind.Glossary, l.GlossaryHeading));
        }

        Sections = sections;
    }

    public ReportDocument Document { get; }

    public ReportFormatter Format { get; }

    public Labels Labels { get; }

    public string PeriodText { get; }

    public string? ComparisonText { get; }

    /// <summary>"vs previous period" or "vs same period last year".</summary>
    public string VsText { get; }

    public string PreparedBy { get; }

    public string GeneratedText { get; }

    public IReadOnlyList<SectionView> Sections { get; }

    public IReadOnlyList<KpiLine> Headline { get; }

    public IReadOnlyList<KpiLine> Improvements { get; }

    public IReadOnlyList<KpiLine> Declines { get; }

    public IReadOnlyList<(string Name, IReadOnlyList<KpiLine> Rows)> Categories { get; }

    /// <summary>The agency's commentary for the summary page, or null.</summary>
    public CommentaryView? Commentary { get; }

    public IReadOnlyList<GoalView> Goals { get; }

    public IReadOnlyList<ChartView> Charts { get; }

    public PlatformTableView Platforms { get; }

    public IReadOnlyList<PostView> Posts { get; }

    public DataNoteView Note { get; }

    /// <summary>Every KPI the report shows with its definition, in the table's order, then the others shown.</summary>
    public IReadOnlyList<(string Name, string Definition)> Glossary { get; }

    public string Heading(SectionKind kind) => Sections.First(s => s.Kind == kind).Heading;

    public KpiLine Line(KpiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var f = Format;
        var kpi = result.Kpi;
        var change = result.Change;
        var direction = ReportFormatter.Direction(kpi, change);
        return new KpiLine(
            kpi,
            Labels.KpiName(kpi),
            f.Value(kpi, result.Value),
            f.Value(kpi, result.Previous),
            f.Change(kpi, change),
            f.ChangePercent(result.ChangePercent),
            ReportFormatter.ToneOf(kpi.Better, direction),
            direction,
            result.ChangePercent);
    }

    private List<(string Name, string Definition)> GlossaryOf(ReportDocument document, IEnumerable<KpiLine> table)
    {
        IEnumerable<KpiDefinition> shown =
        [
            .. table.Select(k => k.Kpi),
            .. Headline.Select(k => k.Kpi),
            .. Goals.Count > 0 ? document.Goals.Select(g => g.Kpi) : [],
            .. Charts.Select(c => c.Kpi),
            .. Platforms.Rows.Count > 0 ? Platforms.Columns : [],
        ];
        return [.. shown.DistinctBy(k => k.Id).Select(k => (Labels.KpiName(k), Labels.KpiDefinition(k))).Where(e => e.Item2.Length > 0)];
    }

    /// <summary>The non-empty lines of a text written with line breaks.</summary>
    private static List<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// The three changes of <paramref name="tone"/> most worth a reader's attention. A change on a small base is left
    /// out (a count below <see cref="MinCountBase"/> or within noise of it, money below <see cref="MinMoneyBase"/>): from
    /// 11 reviews to 28 is +155 % and means little. The rest rank by the size of the change, capped at ±100 %, weighed
    /// three times for the KPIs of the client's goals and twice for the summary cards' KPIs.
    /// </summary>
    private static List<KpiLine> Highlights(ReportDocument document, IEnumerable<KpiLine> lines, Tone tone)
    {
        var previous = document.Kpis.GroupBy(k => k.Kpi.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Previous, StringComparer.Ordinal);
        var goals = document.Goals.Select(g => g.Kpi.Id).ToHashSet(StringComparer.Ordinal);
        var headline = document.HeadlineKpis.ToHashSet(StringComparer.Ordinal);
        double Weight(KpiLine k) => goals.Contains(k.Kpi.Id) ? 3 : headline.Contains(k.Kpi.Id) ? 2 : 1;
        return [.. lines
            .Where(k => k.Tone == tone && k.RelativeChange is not null && k.Kpi.Better != Better.None)
            .Where(k => !SmallBase(k, previous.GetValueOrDefault(k.Kpi.Id)))
            .OrderByDescending(k => Math.Min(Math.Abs(k.RelativeChange!.Value), 100) * Weight(k))
            .ThenByDescending(k => Math.Abs(k.RelativeChange!.Value))
            .Take(3)];
    }

    /// <summary>The smallest comparison value a count's change is ranked from.</summary>
    public const double MinCountBase = 100;

    /// <summary>The smallest comparison amount (in the client's currency) a money change is ranked from.</summary>
    public const double MinMoneyBase = 100;

    /// <summary>
    /// True when the comparison value is too small for the change to mean much: a count below
    /// <see cref="MinCountBase"/>, or whose change is within two standard deviations of chance (√previous for counts).
    /// </summary>
    private static bool SmallBase(KpiLine line, double? previous)
    {
        if (previous is not { } p)
        {
            return true;
        }

        var value = p * (1 + (line.RelativeChange!.Value / 100));
        return line.Kpi.Unit switch
        {
            KpiUnit.Count => Math.Abs(p) < MinCountBase || Math.Abs(value - p) < 2 * Math.Sqrt(Math.Abs(p)),
            KpiUnit.Currency => Math.Abs(p) < MinMoneyBase,
            _ => false,
        };
    }

    private GoalView Goal(GoalLine goal)
    {
        var f = Format;
        var l = Labels;
        var p = goal.Progress;
        var kpi = goal.Kpi;
        List<(string, string)> facts =
        [
            (l.GoalBaseline, f.Value(kpi, p.Baseline)),
            (l.GoalCurrent, f.Value(kpi, p.Value)),
            (l.GoalTarget, f.Value(kpi, goal.Target)),
            (l.GoalForecast, f.Value(kpi, p.Forecast)),
            (l.GoalDeadline, f.LongDate(goal.Deadline)),
        ];
        return new GoalView(
            l.KpiName(kpi),
            goal.Platform is { } platform ? l.Platform(platform) : l.AllPlatforms,
            p.Status,
            l.Statuses[p.Status],
            p.ProgressPercent,
            p.ExpectedProgressPercent,
            p.ProgressPercent is { } pp ? f.Percent(pp, 0) : ReportFormatter.Missing,
            f.Percent(p.ExpectedProgressPercent, 0),
            facts,
            f.Format(l.AsOf, f.LongDate(p.AsOf)));
    }

    private ChartView Chart(TrendSeries series)
    {
        var f = Format;
        var l = Labels;
        var kpi = series.Kpi;
        var unit = kpi.Unit switch
        {
            KpiUnit.Percent => "%",
            KpiUnit.Currency => Document.Currency.ToUpperInvariant(),
            KpiUnit.Minutes => l.UnitMinutes,
            KpiUnit.PerWeek => l.UnitPerWeek.TrimStart('/', ' '),
            _ => null,
        };
        var granularity = series.Granularity switch
        {
            Granularity.Day => l.Daily,
            Granularity.Week => l.Weekly,
            _ => l.Monthly,
        };
        return new ChartView(
            kpi,
            l.KpiName(kpi),
            unit is null ? granularity : granularity + " · " + unit,
            [.. series.Points.Select(p => (p.Period, p.Value is { } v && double.IsFinite(v) ? v : (double?)null))],
            series.Granularity,
            (value, step) =>
            {
                var decimals = step >= 1 || step <= 0 ? 0 : (int)Math.Min(3, Math.Ceiling(-Math.Log10(step)));
                return kpi.Unit == KpiUnit.Percent ? f.Percent(value, decimals) : f.Number(value, decimals);
            },
            f.DayMonth,
            l.NoSeriesData);
    }

    private PlatformTableView PlatformTable(ReportDocument document, Dictionary<string, KpiLine> total)
    {
        var rows = document.Platforms
            .Select(p => (Platform: Labels.Platform(p.Platform), Lines: p.Kpis.Select(Line).ToDictionary(k => k.Kpi.Id, StringComparer.Ordinal)))
            .ToList();
        var columns = PlatformColumns
            .Where(id => total.ContainsKey(id) &&
                rows.Any(r => r.Lines.TryGetValue(id, out var line) && line.Value != ReportFormatter.Missing))
            .Select(id => total[id].Kpi)
            .ToList();
        KpiLine Cell(Dictionary<string, KpiLine> lines, KpiDefinition kpi) =>
            lines.TryGetValue(kpi.Id, out var line) ? line : Line(new KpiResult(kpi, null, null));
        // A platform with nothing in these columns (a web-analytics or care-desk account) would be a row of dashes.
        return new PlatformTableView(
            columns,
            [.. columns.Select(Labels.KpiName)],
            [.. rows
                .Select(r => (r.Platform, Cells: (IReadOnlyList<KpiLine>)[.. columns.Select(c => Cell(r.Lines, c))]))
                .Where(r => r.Cells.Any(c => c.Value != ReportFormatter.Missing || c.Previous != ReportFormatter.Missing))],
            (Labels.AllPlatforms, [.. columns.Select(c => total[c.Id])]));
    }

    private DataNoteView DataNote(ReportDocument document)
    {
        var f = Format;
        var l = Labels;
        var note = document.DataNote;
        var offset = f.Zone.GetUtcOffset(document.GeneratedAt);
        var utc = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", f.Culture);
        List<(string, string)> facts =
        [
            (l.ReportingPeriod, PeriodText),
            (l.ComparedWith, ComparisonText is null ? l.NoComparison : ComparisonText + " (" + VsText + ")"),
            (l.NoteTimeZone, f.ZoneId + " (" + utc + ")"),
            (l.NoteDataUpdated, f.Instant(note.DataUpdatedAt)),
            .. note.Gaps.Select(g => (l.NoteDataGap, string.Format(f.Culture, l.NoteDataGapText, g.AccountId, l.Platform(g.Platform), f.ShortDate(g.MissingFrom)))),
        ];
        var without = note.KpisWithoutData
            .Select(id => KpiCatalog.TryGet(id, out var kpi) ? l.KpiName(kpi) : id)
            .ToList();
        return new DataNoteView(
            facts,
            [.. note.Accounts.Select(a => (
                a.AccountId,
                l.Platform(a.Platform),
                a.FirstDate is { } first ? f.ShortDate(first) : l.NoteNoData,
                a.LastDate is { } last ? f.ShortDate(last) : l.NoteNoData))],
            without.Count == 0 ? l.NoteAllKpisHaveData : string.Join(l.ListSeparator, without),
            l.NoteMethod,
            f.Culture.Calendar is System.Globalization.GregorianCalendar ? null : l.NoteCalendar);
    }
}
