namespace KpiFunctions.Kpis.Tests;

/// <summary>The catalog holds exactly the KPIs of the tables of KPIS.md, with their unit, direction and group.</summary>
public class KpiCatalogTests
{
    // Copied by hand from the tables of KPIS.md, in their order; nothing is parsed.
    private static readonly (string Id, KpiCategory Category, KpiUnit Unit, Better Better)[] Spec =
    [
        // Reach and awareness
        ("followers", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("follower_growth", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("follower_growth_rate", KpiCategory.Reach, KpiUnit.Percent, Better.Higher),
        ("impressions", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("reach", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("profile_visits", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("video_views", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("mentions", KpiCategory.Reach, KpiUnit.Count, Better.Higher),
        ("share_of_voice", KpiCategory.Reach, KpiUnit.Percent, Better.Higher),
        ("posts", KpiCategory.Reach, KpiUnit.Count, Better.None),
        ("posting_frequency", KpiCategory.Reach, KpiUnit.PerWeek, Better.None),
        ("social_traffic_share", KpiCategory.Reach, KpiUnit.Percent, Better.Higher),
        ("backlinks_gained", KpiCategory.Reach, KpiUnit.Count, Better.Higher),

        // Engagement
        ("likes", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("comments", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("shares", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("saves", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("engagements", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("engagement_rate", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),
        ("engagement_rate_by_reach", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),
        ("applause_rate", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),
        ("conversation_rate", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),
        ("amplification_rate", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),
        ("clicks", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("link_clicks", KpiCategory.Engagement, KpiUnit.Count, Better.Higher),
        ("ctr", KpiCategory.Engagement, KpiUnit.Percent, Better.Higher),

        // Conversion
        ("conversions", KpiCategory.Conversion, KpiUnit.Count, Better.Higher),
        ("conversion_rate", KpiCategory.Conversion, KpiUnit.Percent, Better.Higher),
        ("leads", KpiCategory.Conversion, KpiUnit.Count, Better.Higher),
        ("customers", KpiCategory.Conversion, KpiUnit.Count, Better.Higher),
        ("lead_conversion_rate", KpiCategory.Conversion, KpiUnit.Percent, Better.Higher),
        ("revenue", KpiCategory.Conversion, KpiUnit.Currency, Better.Higher),
        ("social_bounce_rate", KpiCategory.Conversion, KpiUnit.Percent, Better.Lower),

        // Cost and return
        ("spend", KpiCategory.Cost, KpiUnit.Currency, Better.None),
        ("budget_utilization", KpiCategory.Cost, KpiUnit.Percent, Better.None),
        ("cpc", KpiCategory.Cost, KpiUnit.Currency, Better.Lower),
        ("cpm", KpiCategory.Cost, KpiUnit.Currency, Better.Lower),
        ("cpa", KpiCategory.Cost, KpiUnit.Currency, Better.Lower),
        ("cpl", KpiCategory.Cost, KpiUnit.Currency, Better.Lower),
        ("roi", KpiCategory.Cost, KpiUnit.Percent, Better.Higher),
        ("roas", KpiCategory.Cost, KpiUnit.Ratio, Better.Higher),

        // Customer care and sentiment
        ("response_time", KpiCategory.CustomerCare, KpiUnit.Minutes, Better.Lower),
        ("response_within_1h_rate", KpiCategory.CustomerCare, KpiUnit.Percent, Better.Higher),
        ("issues_resolved", KpiCategory.CustomerCare, KpiUnit.Count, Better.Higher),
        ("issue_resolution_rate", KpiCategory.CustomerCare, KpiUnit.Percent, Better.Higher),
        ("positive_sentiment_share", KpiCategory.CustomerCare, KpiUnit.Percent, Better.Higher),
        ("net_sentiment", KpiCategory.CustomerCare, KpiUnit.Percent, Better.Higher),

        // Owned channels
        ("email_subscribers", KpiCategory.OwnedChannels, KpiUnit.Count, Better.Higher),
        ("email_subscriber_growth", KpiCategory.OwnedChannels, KpiUnit.Count, Better.Higher),
        ("opt_out_rate", KpiCategory.OwnedChannels, KpiUnit.Percent, Better.Lower),
        ("reviews", KpiCategory.OwnedChannels, KpiUnit.Count, Better.Higher),
        ("average_rating", KpiCategory.OwnedChannels, KpiUnit.Rating, Better.Higher),

        // Advocacy and influencers
        ("employee_shares", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
        ("employee_clicks", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
        ("employee_engagements", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
        ("employee_reach", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
        ("influencer_reach", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
        ("influencer_engagements", KpiCategory.Advocacy, KpiUnit.Count, Better.Higher),
    ];

    public static TheoryData<string, KpiCategory, KpiUnit, Better> SpecKpis
    {
        get
        {
            var data = new TheoryData<string, KpiCategory, KpiUnit, Better>();
            foreach (var (id, category, unit, better) in Spec)
            {
                data.Add(id, category, unit, better);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SpecKpis))]
    public void TryGet_SpecKpi_HasSpecUnitBetterAndCategory(string id, KpiCategory category, KpiUnit unit, Better better)
    {
        Assert.True(KpiCatalog.TryGet(id, out var kpi));

        Assert.Equal(id, kpi.Id);
        Assert.Equal(unit, kpi.Unit);
        Assert.Equal(better, kpi.Better);
        Assert.Equal(category, kpi.Category);
        Assert.False(string.IsNullOrWhiteSpace(kpi.Name));
    }

    [Fact]
    public void All_ComparedWithSpec_HasExactlyTheSpecIdsInSpecOrder()
    {
        // 13 reach + 13 engagement + 7 conversion + 8 cost + 6 care + 5 owned + 6 advocacy = 58
        Assert.Equal(58, Spec.Length);
        Assert.Equal(Spec.Select(s => s.Id), KpiCatalog.All.Select(k => k.Id));
    }

    [Fact]
    public void All_Ids_AreUnique()
    {
        Assert.Equal(KpiCatalog.All.Count, KpiCatalog.All.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("Followers")] // ids are exact: no case folding
    [InlineData("engagement-rate")]
    [InlineData("top_posts")] // post-level lists are not period KPIs
    [InlineData("")]
    public void TryGet_UnknownId_ReturnsFalse(string id)
    {
        Assert.False(KpiCatalog.TryGet(id, out _));
    }
}
