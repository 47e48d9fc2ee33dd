using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;

namespace KpiFunctions.Reports.Tests;

/// <summary>What the report decides to show, before any page is drawn: highlights, the KPI table's rows, the glossary.</summary>
public sealed class ReportViewTests
{
    private static readonly DateRange March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

    private static KpiDefinition Kpi(string id) => KpiCatalog.TryGet(id, out var kpi) ? kpi : throw new ArgumentException(id);

    private static ReportDocument Document(IReadOnlyList<KpiResult> kpis, IReadOnlyList<string> headline, IReadOnlyList<string> goalKpis) =>
        SampleReports.Typical("en-GB") with
        {
            HeadlineKpis = headline,
            Kpis = kpis,
            Goals = [.. goalKpis.Select(id => new GoalLine(
                id, Kpi(id), 1000, March.From, March.To, null,
                new GoalProgress(March.To, 0, 500, 50, 100, 500, GoalStatus.AtRisk)))],
            Platforms = [],
            TableKpis = null,
        };

    [Fact]
    public void Highlights_SmallBasesLeftOut_GoalAndHeadlineKpisWeighedUp()
    {
        KpiResult[] kpis =
        [
            new(Kpi("likes"), 28, 11),              // +154.5 % on a base of 11: not a highlight
            new(Kpi("impressions"), 120_000, 100_000), // +20 %, a summary card: 20 × 2 = 40
            new(Kpi("comments"), 1_300, 1_000),     // +30 %: 30
            new(Kpi("shares"), 500, 400),           // +25 %, a goal's KPI: 25 × 3 = 75
            new(Kpi("saves"), 1_010, 1_000),        // +1 %: within chance (|10| < 2 × √1000)
            new(Kpi("spend"), 90, 40),              // money on a base of 40: left out (and more spend is not "better")
            new(Kpi("reach"), 80_000, 100_000),     // −20 %: a decline
        ];

        var view = new ReportView(Document(kpis, headline: ["impressions"], goalKpis: ["shares"]));

        Assert.Equal(["shares", "impressions", "comments"], view.Improvements.Select(k => k.Kpi.Id));
        Assert.Equal(["reach"], view.Declines.Select(k => k.Kpi.Id));
    }

    [Fact]
    public void Categories_TableKpisGiven_FollowTheirOrderGroupedWhereEachCategoryFirstAppears()
    {
        KpiResult[] kpis = [.. new[] { "followers", "reach", "likes", "spend", "cpc" }.Select(id => new KpiResult(Kpi(id), 10, 5))];
        var document = Document(kpis, ["reach"], []) with { TableKpis = ["cpc", "reach", "likes", "spend"] };

        var view = new ReportView(document);

        Assert.Equal(
            [("Cost and return", new[] { "cpc", "spend" }), ("Reach and awareness", ["reach"]), ("Engagement", ["likes"])],
            view.Categories.Select(c => (c.Name, c.Rows.Select(r => r.Kpi.Id).ToArray())));
    }

    [Fact]
    public void Glossary_DefinesEachKpiShownOnce_NotTheOthers()
    {
        KpiResult[] kpis = [.. new[] { "followers", "reach", "likes", "spend", "cpc" }.Select(id => new KpiResult(Kpi(id), 10, 5))];
        var document = Document(kpis, ["reach", "likes"], ["followers"]) with { TableKpis = ["reach", "cpc"], Trends = [] };

        var view = new ReportView(document);

        // Table first (reach, cost per click), then the cards' likes and the goal's followers; spend is nowhere shown.
        Assert.Equal(["Reach", "Cost per click", "Likes", "Followers"], view.Glossary.Select(g => g.Name));
        Assert.All(view.Glossary, g => Assert.False(string.IsNullOrWhiteSpace(g.Definition)));
        Assert.Contains(view.Sections, s => s.Kind == SectionKind.Glossary && s.Heading == "Glossary");
    }
}
