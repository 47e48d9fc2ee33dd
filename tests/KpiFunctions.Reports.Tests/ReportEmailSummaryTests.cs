using KpiFunctions.Reports.Localization;

namespace KpiFunctions.Reports.Tests;

/// <summary><see cref="ReportEmailSummary"/>: the e-mail's headline numbers are the PDF's, word for word.</summary>
public sealed class ReportEmailSummaryTests
{
    [Theory]
    [InlineData("sv-SE", "sv")]
    [InlineData("zh-CN", "zh")]
    [InlineData("th-TH", "th")]
    [InlineData("pt-BR", "en")]
    public void Create_Typical_HeadlineIsThePdfsExecutiveSummaryCards(string locale, string language)
    {
        var document = SampleReports.Typical(locale);

        var summary = ReportEmailSummary.Create(
            document.Locale, document.Currency, document.TimeZone, document.Period, document.Comparison, document.Compare,
            document.HeadlineKpis, document.Kpis);

        Assert.Equal(language, summary.Language);
        Assert.Equal(document.HeadlineKpis.Take(4), summary.Headline.Select(h => h.KpiId));
        // The PDF's summary page shows each card's name, value and changes exactly so.
        var page = Reports.Normalize(Poppler.Text(Reports.TypicalPdf(locale), 2));
        foreach (var number in summary.Headline)
        {
            string?[] shown = [number.Name, number.Value, number.MainChange, number.SecondChange is { } second ? "(" + second + ")" : null];
            foreach (var text in shown.OfType<string>())
            {
                Assert.Contains(Reports.Normalize(text), page, StringComparison.Ordinal);
            }
        }

        Assert.Contains(Reports.Normalize(summary.PeriodText), Reports.Normalize(Poppler.Text(Reports.TypicalPdf(locale), 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Changes_ToneFollowsTheKpisDirection()
    {
        var document = SampleReports.Typical("en");

        var summary = ReportEmailSummary.Create(
            "en-GB", "SEK", "Europe/Stockholm", document.Period, document.Comparison, document.Compare,
            ["cpc", "impressions"], document.Kpis, count: 3);

        // Cost per click is better lower: a rise is bad. Impressions are better higher.
        var cpc = summary.Headline[0];
        var impressions = summary.Headline[1];
        Assert.Equal(2, summary.Headline.Count);
        Assert.Equal(cpc.Direction > 0 ? Tone.Bad : cpc.Direction < 0 ? Tone.Good : Tone.Neutral, cpc.Tone);
        Assert.Equal(impressions.Direction > 0 ? Tone.Good : impressions.Direction < 0 ? Tone.Bad : Tone.Neutral, impressions.Tone);
        Assert.StartsWith("SEK ", cpc.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Colors_MalformedBrandColour_FallsBackAsThePdfDoes()
    {
        var colors = ReportColors.Of(new Branding("A", "#0B5D5B", "orange", null));

        Assert.Equal("#0B5D5B", colors.Primary);
        Assert.Equal("#F2994A", colors.Accent);
        Assert.Equal("#FFFFFF", colors.OnPrimary);
        Assert.Equal(("#1E8E3E", "#D93025", "#80868B"), (colors.ForTone(Tone.Good), colors.ForTone(Tone.Bad), colors.ForTone(Tone.Neutral)));
    }
}
