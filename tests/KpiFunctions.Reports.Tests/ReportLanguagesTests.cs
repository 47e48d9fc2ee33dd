using KpiFunctions.Kpis;
using KpiFunctions.Reports.Localization;

namespace KpiFunctions.Reports.Tests;

public sealed class ReportLanguagesTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("en-GB")]
    [InlineData("sv")]
    [InlineData("sv-SE")]
    [InlineData("nb-NO")]
    [InlineData("no")]
    [InlineData("nn-NO")]
    [InlineData("zh")]
    [InlineData("zh-CN")]
    [InlineData("zh-Hans")]
    [InlineData("zh_Hans_SG")]
    [InlineData("tr-TR")]
    [InlineData("th")]
    [InlineData("th-TH")]
    public void IsSupported_OneOfTheSixLanguages_IsTrue(string locale) => Assert.True(ReportLanguages.IsSupported(locale));

    [Theory]
    [InlineData("de-DE")]
    [InlineData("zh-TW")]
    [InlineData("zh-Hant-HK")]
    [InlineData("")]
    [InlineData("xx-nonsense")]
    public void IsSupported_OtherLocale_IsFalse(string locale) => Assert.False(ReportLanguages.IsSupported(locale));

    [Fact]
    public void All_ListsTheSixLanguages() =>
        Assert.Equal(["en", "sv", "nb", "zh", "tr", "th"], ReportLanguages.All);

    [Fact]
    public void Labels_EveryLanguage_NamesEveryCatalogKpiOnceAndDistinctly()
    {
        Assert.Equal(58, KpiCatalog.All.Count);
        foreach (var language in ReportLanguages.All)
        {
            var labels = ReportLanguages.Find(language)!;
            var ids = KpiCatalog.All.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
            Assert.True(ids.SetEquals(labels.KpiNames.Keys), $"{language}: names for [{string.Join(", ", ids.Except(labels.KpiNames.Keys))}] missing, " +
                $"[{string.Join(", ", labels.KpiNames.Keys.Except(ids))}] unknown");
            Assert.All(labels.KpiNames.Values, n => Assert.False(string.IsNullOrWhiteSpace(n)));
            Assert.Equal(labels.KpiNames.Count, labels.KpiNames.Values.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(7, labels.Categories.Count);
            Assert.Equal(5, labels.Statuses.Count);
        }
    }

    [Fact]
    public void Labels_EveryLanguage_DefinesEveryCatalogKpiInItsOwnWords()
    {
        var english = ReportLanguages.Find("en")!;
        foreach (var language in ReportLanguages.All)
        {
            var labels = ReportLanguages.Find(language)!;
            Assert.False(string.IsNullOrWhiteSpace(labels.GlossaryHeading), $"{language}: no glossary heading");
            Assert.False(string.IsNullOrWhiteSpace(labels.GlossaryIntro), $"{language}: no glossary intro");
            Assert.Equal(KpiCatalog.All.Count, labels.KpiDefinitions.Count);
            foreach (var kpi in KpiCatalog.All)
            {
                Assert.True(labels.KpiDefinitions.TryGetValue(kpi.Id, out var definition), $"{language}: no definition of {kpi.Id}");
                Assert.False(string.IsNullOrWhiteSpace(definition), $"{language}: empty definition of {kpi.Id}");
                Assert.True(definition.Length <= 260, $"{language}: the definition of {kpi.Id} has {definition.Length} characters");
                Assert.Equal(definition, labels.KpiDefinition(kpi));
                if (language != "en")
                {
                    Assert.NotEqual(english.KpiDefinitions[kpi.Id], definition);
                }
            }
        }
    }

    [Fact]
    public void KpiDefinition_KpiOutsideTheCatalog_IsEmpty()
    {
        var unknown = KpiCatalog.All[0] with { Id = "not_in_the_catalog" };

        Assert.Equal("", ReportLanguages.Find("sv")!.KpiDefinition(unknown));
    }

    [Fact]
    public void Labels_Thai_UsesTheBuddhistEraAndSaysSo()
    {
        var format = new ReportFormatter("th-TH", "THB", "Asia/Bangkok");

        Assert.Equal("1 มีนาคม พ.ศ. 2569", format.LongDate(new DateOnly(2026, 3, 1)));
        Assert.NotNull(format.Labels.NoteCalendar);
    }
}
