using KpiFunctions.Kpis;

namespace KpiFunctions.Reports.Tests;

public sealed class SampleReportsTests
{
    [Fact]
    public void Typical_HasEverySectionsData()
    {
        var document = SampleReports.Typical("en");

        Assert.Equal(KpiCatalog.All.Select(k => k.Id), document.Kpis.Select(k => k.Kpi.Id));
        Assert.True(document.Goals.Count >= 2);
        Assert.Equal(8, document.Platforms.Count(p => p.Platform != "other"));
        Assert.Equal(4, document.Trends.Count);
        Assert.Contains(document.Trends, t => t.Granularity == Granularity.Day);
        Assert.Contains(document.Trends, t => t.Granularity == Granularity.Week);
        Assert.NotEmpty(document.TopPosts);
        Assert.Equal(["reviews", "average_rating"], document.DataNote.KpisWithoutData);
        Assert.Equal(new DateRange(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), document.Comparison);
        Assert.All(document.Trends, t => Assert.NotEmpty(t.Comparison ?? []));
        Assert.Equal(["conversions", "revenue"], document.Sparklines.Select(s => s.Kpi.Id));
    }

    [Fact]
    public void Typical_SameLocale_GivesEqualValues()
    {
        var a = SampleReports.Typical("sv-SE");
        var b = SampleReports.Typical("sv-SE");

        Assert.Equal(a.Kpis.Select(k => (k.Value, k.Previous)), b.Kpis.Select(k => (k.Value, k.Previous)));
        Assert.Equal(a.Goals.Select(g => g.Progress), b.Goals.Select(g => g.Progress));
    }
}
