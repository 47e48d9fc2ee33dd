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

/// <summary>
/// A goal, formatted. The bar shows the progress now, the expected-by-now mark and, in the status' colour, how far the
/// forecast gets by the deadline: the status is decided from that forecast, so the bar shows why it reads as it does.
/// </summary>
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
    string AsOf)
{
    /// <summary>The progress the forecast reaches at the deadline, in percent; null when it cannot be said.</summary>
    public double? ForecastPercent { get; init; }

    /// <summary>"Forecast at deadline: 113 %", or null.</summary>
    public string? ForecastText { get; init; }

    /// <summary>True for a goal whose first day is after the period: no bar, a grey status.</summary>
    public bool NotStarted { get; init; }
}

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
    /// The comparison period's values, each drawn at the time-axis position of the period's point of the same index
    /// (a point past the period's last is left out); empty without a comparison.
    /// </summary>
    public IReadOnlyList<double?> Comparison { get; init; } = [];

    /// <summary>The legend's names of the period's and the comparison's lines.</summary>
    public (string Period, string Comparison) Legend { get; init; }

    /// <summary>
    /// True for counts and money: the value axis starts at zero, so a line's height is its size. Rates, averages and
    /// ratios may start above zero, and then say so (<see cref="AxisNote"/>).
    /// </summary>
    public bool FromZero { get; init; }

    /// <summary>What is printed under a chart whose axis does not start at zero.</summary>
    public string AxisNote { get; init; } = "";

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

/// <summary>The data note, formatted: a footnote of short lines.</summary>
internal sealed record DataNoteView(
    IReadOnlyList<(string Label, string Value)> Facts,
    IReadOnlyList<string> Accounts,
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
        PeriodName = f.PeriodName(document.Period);
        ComparisonText = document.Comparison is { } c
            ? f.PeriodName(c) + (document.Compare == CompareMode.Year ? " (" + l.SamePeriodLastYear + ")" : "")
            : null;
        VsText = ComparisonText is null ? "" : f.Format(l.VsNamed, ComparisonText);
        // A comparison period without a single value (a year-over-year report of a client younger than a year) is said
        // once, and its columns are left out, rather than a dash in every row.
        ComparisonMissing = ComparisonText is not null && document.Kpis.Count > 0 && document.Kpis.All(k => k.Previous is null);
        NoComparisonDataText = ComparisonText is null ? null : f.Format(l.NoComparisonData, ComparisonText);
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

    /// <summary>The period by its calendar name: "november 2026", "Q3 2026", else its dates.</summary>
    public string PeriodName { get; }

    /// <summary>The comparison period by name, year-earlier ones marked so: "oktober 2026", "november 2025 (samma period föregående år)".</summary>
    public string? ComparisonText { get; }

    /// <summary>"compared with oktober 2026": printed once, under the summary's heading; empty without a comparison.</summary>
    public string VsText { get; }

    /// <summary>True when there is a comparison period but no KPI has a value in it.</summary>
    public bool ComparisonMissing { get; }

    /// <summary>"No data for March 2025 (same period last year)".</summary>
    public string? NoComparisonDataText { get; }

    /// <summary>True when changes against the comparison can be shown at all.</summary>
    public bool HasComparison => ComparisonText is not null && !ComparisonMissing;

    /// <summary>A headline KPI's values over the period for its card's sparkline; empty when the document has none.</summary>
    public IReadOnlyList<double?> Sparkline(string kpiId) =>
        Document.Sparklines.Concat(Document.Trends).FirstOrDefault(t => t.Kpi.Id == kpiId) is { } series
            ? [.. series.Points.Select(p => p.Value is { } v && double.IsFinite(v) ? v : (double?)null)]
            : [];

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
        var scale = Math.Max(Math.Abs(result.Value ?? 0), Math.Abs(result.Previous ?? 0));
        var direction = ReportFormatter.Direction(kpi, change, scale);
        return new KpiLine(
            kpi,
            Labels.KpiName(kpi),
            f.Value(kpi, result.Value, scale),
            f.Value(kpi, result.Previous, scale),
            f.Change(kpi, change, scale),
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
        var results = document.Kpis.DistinctBy(k => k.Kpi.Id).ToDictionary(k => k.Kpi.Id, StringComparer.Ordinal);
        var goals = document.Goals.Select(g => g.Kpi.Id).ToHashSet(StringComparer.Ordinal);
        var headline = document.HeadlineKpis.ToHashSet(StringComparer.Ordinal);
        double Weight(KpiLine k) => goals.Contains(k.Kpi.Id) ? 3 : headline.Contains(k.Kpi.Id) ? 2 : 1;
        return [.. lines
            .Where(k => k.Tone == tone && k.RelativeChange is not null && k.Kpi.Better != Better.None)
            .Where(k => results.TryGetValue(k.Kpi.Id, out var result) && !SmallBase(result))
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
    private static bool SmallBase(KpiResult result)
    {
        if (result is not { Previous: { } p, Change: { } change })
        {
            return true;
        }

        return result.Kpi.Unit switch
        {
            KpiUnit.Count => Math.Abs(p) < MinCountBase || Math.Abs(change) < 2 * Math.Sqrt(Math.Abs(p)),
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
        var name = l.KpiName(kpi);
        var scope = goal.Platform is { } platform ? l.Platform(platform) : l.AllPlatforms;
        if (p.AsOf < goal.StartDate)
        {
            // A goal that starts after the period: the client has it, it just has nothing to measure yet.
            return new GoalView(
                name,
                scope,
                p.Status,
                l.GoalNotStarted,
                null,
                0,
                "",
                "",
                [
                    (l.GoalStart, f.LongDate(goal.StartDate)),
                    (l.GoalTarget, f.Value(kpi, goal.Target)),
                    (l.GoalDeadline, f.LongDate(goal.Deadline)),
                ],
                f.Format(l.GoalStarts, f.LongDate(goal.StartDate)))
            {
                NotStarted = true,
            };
        }

        // A goal on a total compares the total so far with the whole previous period's: say which is which, so that
        // "6 330 952 → 3 082 431" halfway through does not read as a drop.
        var flow = kpi.Aggregation == KpiAggregation.Flow;
        var days = goal.Deadline.DayNumber - goal.StartDate.DayNumber + 1;
        var elapsed = Math.Clamp(p.AsOf.DayNumber - goal.StartDate.DayNumber + 1, 0, days);
        List<(string, string)> facts =
        [
            (flow ? l.GoalPreviousTotal : l.GoalBaseline, f.Value(kpi, p.Baseline)),
            (flow ? f.Format(l.GoalSoFar, f.Number(elapsed, 0), f.Number(days, 0)) : l.GoalCurrent, f.Value(kpi, p.Value)),
            (l.GoalTarget, f.Value(kpi, goal.Target)),
            (l.GoalForecast, f.Value(kpi, p.Forecast)),
            (l.GoalDeadline, f.LongDate(goal.Deadline)),
        ];
        var forecast = p.Status is GoalStatus.Achieved or GoalStatus.Missed ? null : ForecastPercent(goal);
        return new GoalView(
            name,
            scope,
            p.Status,
            l.Statuses[p.Status],
            p.ProgressPercent,
            p.ExpectedProgressPercent,
            p.ProgressPercent is { } pp ? f.Percent(pp, 0) : ReportFormatter.Missing,
            f.Percent(p.ExpectedProgressPercent, 0),
            facts,
            f.Format(l.AsOf, f.LongDate(p.AsOf)))
        {
            ForecastPercent = forecast,
            ForecastText = forecast is { } fp ? l.GoalForecastAtDeadline + ": " + f.Percent(fp, 0) : null,
        };
    }

    /// <summary>
    /// The progress the forecast would make by the deadline, by the evaluator's own formulas (a total against the target;
    /// a level or rate from the baseline towards the target); null where the evaluator has no distance to cover.
    /// </summary>
    internal static double? ForecastPercent(GoalLine goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        if (goal.Progress.Forecast is not { } forecast)
        {
            return null;
        }

        if (goal.Kpi.Aggregation == KpiAggregation.Flow)
        {
            return goal.Target > 0 ? forecast / goal.Target * 100 : null;
        }

        if (goal.Progress.Baseline is not { } baseline)
        {
            return null;
        }

        var distance = goal.Target - baseline;
        var towards = goal.Kpi.Better switch
        {
            Better.Higher => distance > 0,
            Better.Lower => distance < 0,
            _ => distance != 0,
        };
        var percent = (forecast - baseline) / distance * 100;
        return towards && double.IsFinite(percent) ? percent : null;
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
        var fromZero = kpi.Unit is KpiUnit.Count or KpiUnit.Currency;
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
            l.NoSeriesData)
        {
            Comparison = HasComparison && series.Comparison is { Count: > 0 } comparison
                ? [.. comparison.Select(p => p.Value is { } v && double.IsFinite(v) ? v : (double?)null)]
                : [],
            Legend = (PeriodName, Document.Comparison is { } c ? f.PeriodName(c) : ""),
            FromZero = fromZero,
            AxisNote = fromZero ? "" : l.AxisNotFromZero,
        };
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
        var compared = document.Comparison is not { } c ? l.NoComparison
            : ComparisonMissing ? NoComparisonDataText!
            : ComparisonText == f.Range(c) ? ComparisonText! : ComparisonText + " (" + f.Range(c) + ")";
        List<(string, string)> facts =
        [
            (l.ReportingPeriod, PeriodText),
            (l.ComparedWith, compared),
            (l.NoteTimeZone, f.ZoneText(document.Period)),
            (l.NoteDataUpdated, f.Instant(note.DataUpdatedAt)),
            .. note.Gaps.Select(g => (l.NoteDataGap, string.Format(f.Culture, l.NoteDataGapText, g.Name, l.Platform(g.Platform), f.ShortDate(g.MissingFrom)))),
        ];
        var without = note.KpisWithoutData
            .Select(id => KpiCatalog.TryGet(id, out var kpi) ? l.KpiName(kpi) : id)
            .ToList();
        // Days of the period's year without it: "1 feb. – 31 mars"; others with it.
        string Day(DateOnly day) => day.Year == document.Period.To.Year ? f.DayMonth(day) : f.LongDate(day);
        string Days(AccountNote a) => a.FirstDate is { } first && a.LastDate is { } last
            ? first == last ? Day(first) : Day(first) + " – " + Day(last)
            : l.NoteNoData;
        return new DataNoteView(
            facts,
            [.. note.Accounts.Select(a => l.Platform(a.Platform) + " · " + a.Name + " (" + Days(a) + ")")],
            without.Count == 0 ? l.NoteAllKpisHaveData : string.Join(l.ListSeparator, without),
            l.NoteMethod,
            f.Culture.Calendar is System.Globalization.GregorianCalendar ? null : l.NoteCalendar);
    }
}
