using KpiFunctions.Kpis;

namespace KpiFunctions.Demo;

/// <summary>What kind of account a demo account is; decides which metrics it reports and how they move.</summary>
public enum DemoProfile
{
    /// <summary>An organic social account (Facebook, Instagram, LinkedIn, X, TikTok, YouTube, Pinterest).</summary>
    Social,

    /// <summary>A paid ads account: spend, budget, paid impressions and clicks, conversions, revenue.</summary>
    Ads,

    /// <summary>Web analytics, CRM and e-mail figures an agency pushes from spreadsheets.</summary>
    Web,

    /// <summary>The customer-care desk and social listening.</summary>
    Care,
}

/// <summary>One demo account: its size sets the scale of every metric.</summary>
public sealed record DemoAccount(string AccountId, string Platform, DemoProfile Profile, double Audience);

/// <summary>
/// Realistic daily metrics, deterministic: a day's values depend only on the account and the date, never on
/// when or how often they are generated, so re-seeding writes the same numbers.
/// </summary>
public static class DemoData
{
    /// <summary>The accounts of the demo client, a coffee roaster with a web shop.</summary>
    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new("fb-nordlys", "facebook", DemoProfile.Social, 12_400),
        new("ig-nordlys", "instagram", DemoProfile.Social, 23_800),
        new("li-nordlys", "linkedin", DemoProfile.Social, 3_600),
        new("tt-nordlys", "tiktok", DemoProfile.Social, 8_900),
        new("yt-nordlys", "youtube", DemoProfile.Social, 2_100),
        new("meta-ads", "meta_ads", DemoProfile.Ads, 0),
        new("webshop", "other", DemoProfile.Web, 5_200),
        new("care-desk", "other", DemoProfile.Care, 0),
    ];

    // Fixed origin of the growth curves, so a date's level does not depend on the generated range.
    private static readonly DateOnly Origin = new(2024, 1, 1);

    /// <summary>Every row of <paramref name="accounts"/> for every day of <paramref name="period"/>.</summary>
    public static IEnumerable<DailyRow> Rows(IEnumerable<DemoAccount> accounts, DateRange period)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            foreach (var day in period.Split(Granularity.Day))
            {
                yield return Row(account, day.From);
            }
        }
    }

    /// <summary><paramref name="count"/> social accounts spread over the platforms, for benchmarks.</summary>
    public static IReadOnlyList<DemoAccount> SocialAccounts(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new DemoAccount(
            $"acct-{i:00}",
            Platforms.All[i % 7],
            DemoProfile.Social,
            2_000 + (i * 3_700 % 20_000))),
    ];

    private static DailyRow Row(DemoAccount account, DateOnly date)
    {
        var random = new Random(Seed(account.AccountId, date));
        var t = date.DayNumber - Origin.DayNumber;
        var weekday = date.DayOfWeek;

        // Busier in autumn and before Christmas, quieter in July; weekends differ by platform.
        double season = 1 + (0.25 * Math.Cos((date.DayOfYear - 340) / 365.0 * 2 * Math.PI));
        double week = account.Platform == "linkedin"
            ? weekday is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.45 : 1.1
            : weekday is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1.15 : 0.95;
        double Noise(double spread = 0.2) => 1 + ((random.NextDouble() * 2) - 1) * spread;
        double Whole(double x) => Math.Max(0, Math.Round(x));
        double Money(double x) => Math.Max(0, Math.Round(x, 2));

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (account.Profile)
        {
            case DemoProfile.Social:
            {
                var followers = account.Audience * Math.Exp(0.0009 * t);
                var gained = Whole(followers * 0.0016 * Noise(0.5));
                var lost = Whole(followers * 0.0007 * Noise(0.5));
                var impressions = Whole(followers * 0.32 * season * week * Noise());
                var likes = Whole(impressions * 0.031 * Noise(0.3));
                values["followers"] = Whole(followers);
                values["followers_gained"] = gained;
                values["followers_lost"] = lost;
                values["impressions"] = impressions;
                values["reach"] = Whole(impressions * 0.68 * Noise(0.1));
                values["likes"] = likes;
                values["comments"] = Whole(likes * 0.12 * Noise(0.4));
                values["shares"] = Whole(likes * 0.07 * Noise(0.5));
                values["saves"] = account.Platform is "instagram" or "pinterest" or "tiktok" ? Whole(likes * 0.15 * Noise(0.4)) : 0;
                values["clicks"] = Whole(impressions * 0.021 * Noise(0.3));
                values["link_clicks"] = Whole(impressions * 0.0085 * Noise(0.3));
                values["profile_visits"] = Whole(impressions * 0.012 * Noise(0.3));
                values["video_views"] = Whole(impressions * (account.Platform is "tiktok" or "youtube" ? 0.9 : 0.18) * Noise(0.3));
                values["posts"] = random.NextDouble() < (account.Platform == "linkedin" ? 0.35 : 0.7) ? 1 + random.Next(2) : 0;
                break;
            }

            case DemoProfile.Ads:
            {
                // Campaigns run on weekdays and pause at weekends; the budget is set per day.
                var running = weekday is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
                var budget = 450.0 * season;
                var spend = running ? Money(budget * 0.93 * Noise(0.08)) : 0;
                var paidImpressions = Whole(spend * 38 * Noise(0.15));
                var paidClicks = Whole(paidImpressions * 0.014 * Noise(0.2));
                var conversions = Whole(paidClicks * 0.045 * Noise(0.5));
                values["budget"] = Money(budget);
                values["spend"] = spend;
                values["paid_impressions"] = paidImpressions;
                values["impressions"] = paidImpressions;
                values["paid_clicks"] = paidClicks;
                values["link_clicks"] = paidClicks;
                values["conversions"] = conversions;
                values["revenue"] = Money(conversions * 389 * Noise(0.25));
                break;
            }

            case DemoProfile.Web:
            {
                var sessions = Whole(1_900 * season * Noise(0.15));
                var social = Whole(sessions * 0.27 * Noise(0.15));
                var subscribers = account.Audience * Math.Exp(0.0006 * t);
                var reviews = random.NextDouble() < 0.4 ? 1 + random.Next(3) : 0;
                values["total_sessions"] = sessions;
                values["social_sessions"] = social;
                values["social_bounces"] = Whole(social * 0.46 * Noise(0.1));
                values["leads"] = Whole(social * 0.011 * Noise(0.5));
                values["customers"] = Whole(social * 0.004 * Noise(0.6));
                values["email_subscribers"] = Whole(subscribers);
                values["email_unsubscribes"] = Whole(subscribers * 0.0004 * Noise(0.8));
                values["new_backlinks"] = random.NextDouble() < 0.3 ? 1 : 0;
                values["reviews"] = reviews;
                values["review_rating_sum"] = Enumerable.Range(0, reviews).Sum(_ => random.NextDouble() < 0.8 ? 5 : 3 + random.Next(2));
                break;
            }

            case DemoProfile.Care:
            {
                var responses = Whole(34 * season * week * Noise(0.3));
                var opened = Whole(6 * Noise(0.5));
                var mentions = Whole(52 * season * Noise(0.3));
                var positive = Whole(mentions * 0.48 * Noise(0.2));
                var negative = Whole(mentions * 0.09 * Noise(0.5));
                values["responses"] = responses;
                values["response_minutes"] = Math.Round(responses * 41 * Noise(0.35), 1);
                values["responses_within_1h"] = Math.Min(responses, Whole(responses * 0.74 * Noise(0.1)));
                values["issues_opened"] = opened;
                values["issues_resolved"] = Whole(opened * 0.88 * Noise(0.2));
                values["mentions"] = mentions;
                values["competitor_mentions"] = Whole(mentions * 2.4 * Noise(0.2));
                values["positive_mentions"] = positive;
                values["negative_mentions"] = negative;
                values["neutral_mentions"] = Math.Max(0, mentions - positive - negative);
                values["employee_shares"] = Whole(4 * Noise(0.6));
                values["employee_clicks"] = Whole(23 * Noise(0.5));
                values["employee_engagements"] = Whole(41 * Noise(0.5));
                values["employee_reach"] = Whole(1_250 * Noise(0.4));
                values["influencer_reach"] = date.Day is 1 or 15 ? Whole(46_000 * Noise(0.3)) : 0;
                values["influencer_engagements"] = date.Day is 1 or 15 ? Whole(1_900 * Noise(0.3)) : 0;
                break;
            }
        }

        return new DailyRow(date, account.AccountId, account.Platform, values);
    }

    // FNV-1a over the account id, mixed with the day: stable across processes and .NET versions.
    private static int Seed(string accountId, DateOnly date)
    {
        var hash = 2166136261u;
        foreach (var ch in accountId)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (int)(hash ^ (uint)date.DayNumber * 2654435761u);
    }
}
