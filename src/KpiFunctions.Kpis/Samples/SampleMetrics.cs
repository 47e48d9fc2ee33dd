
namespace KpiFunctions.Kpis.Samples;

/// <summary>
/// Daily rows of a made-up coffee roaster's accounts, for the demo, the sample report and the benchmarks: realistic
/// sizes, seasons, weekdays, a campaign in March 2026 and noise, and deterministic (a day's values depend only on
/// the account and the date, never on when or how often they are generated).
/// </summary>
public static class SampleMetrics
{
    /// <summary>What kind of account a sample account is; decides which metrics it reports and how they move.</summary>
    public enum Profile
    {
        /// <summary>An organic social account: followers, impressions, engagement, clicks, posts.</summary>
        Social,

        /// <summary>A paid ads account: spend, budget, paid impressions and clicks, conversions, revenue.</summary>
        Ads,

        /// <summary>Web analytics, CRM and e-mail figures an agency pushes from spreadsheets.</summary>
        Web,

        /// <summary>The customer-care desk, social listening and advocacy.</summary>
        Care,
    }

    /// <summary>One sample account.</summary>
    /// <param name="Id">The account id.</param>
    /// <param name="Platform">Its platform id.</param>
    /// <param name="Profile">Which metrics it reports.</param>
    /// <param name="Audience">Its size on <paramref name="Since"/>: the scale of every metric.</param>
    /// <param name="Since">Its first day of data.</param>
    public sealed record Account(string Id, string Platform, Profile Profile, double Audience, DateOnly Since);

    private static readonly DateOnly Origin = new(2024, 1, 1);
    private static readonly DateOnly Start = new(2025, 1, 1);

    /// <summary>The coffee roaster's ten accounts: seven social platforms, an ads account, the web shop and the care desk.</summary>
    public static IReadOnlyList<Account> Accounts { get; } =
    [
        new("fb-nordlys", "facebook", Profile.Social, 12_400, Start),
        new("ig-nordlys", "instagram", Profile.Social, 23_800, Start),
        new("li-nordlys", "linkedin", Profile.Social, 3_600, Start),
        new("x-nordlys", "x", Profile.Social, 1_900, new DateOnly(2026, 2, 16)),
        new("yt-nordlys", "youtube", Profile.Social, 2_100, Start),
        new("tt-nordlys", "tiktok", Profile.Social, 8_900, Start),
        new("pin-nordlys", "pinterest", Profile.Social, 4_300, Start),
        new("meta-ads", "meta_ads", Profile.Ads, 0, Start),
        new("webshop", "other", Profile.Web, 5_200, Start),
        new("care-desk", "other", Profile.Care, 0, Start),
    ];

    /// <summary>Every row of <see cref="Accounts"/> from their first day up to <paramref name="to"/>.</summary>
    public static List<DailyRow> Rows(DateOnly to) =>
        [.. Accounts.SelectMany(a => a.Since <= to ? Rows([a], new DateRange(a.Since, to)) : [])];

    /// <summary>Every row of <paramref name="accounts"/> for the days of <paramref name="period"/> from each one's first day.</summary>
    public static IEnumerable<DailyRow> Rows(IEnumerable<Account> accounts, DateRange period)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            for (var day = period.From < account.Since ? account.Since : period.From; day <= period.To; day = day.AddDays(1))
            {
                yield return Row(account, day);
            }
        }
    }

    /// <summary><paramref name="count"/> social accounts spread over the seven social platforms, for benchmarks.</summary>
    public static IReadOnlyList<Account> SocialAccounts(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new Account(
            $"acct-{i:00}", Platforms.All[i % 7], Profile.Social, 2_000 + (i * 3_700 % 20_000), Origin)),
    ];

    private static DailyRow Row(Account account, DateOnly date)
    {
        var random = new Random(Seed(account.Id, date));
        var t = date.DayNumber - Origin.DayNumber;
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var season = 1 + (0.22 * Math.Cos((date.DayOfYear - 340) / 365.0 * 2 * Math.PI));
        var week = account.Platform == "linkedin" ? weekend ? 0.45 : 1.1 : weekend ? 1.15 : 0.95;

        // A campaign in the second half of March lifts reach and engagement.
        var campaign = date >= new DateOnly(2026, 3, 16) && date <= new DateOnly(2026, 3, 29) ? 1.35 : 1.0;
        double Noise(double spread = 0.2) => 1 + (((random.NextDouble() * 2) - 1) * spread);
        static double Whole(double x) => Math.Max(0, Math.Round(x));
        static double Money(double x) => Math.Max(0, Math.Round(x, 2));

        var v = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (account.Profile)
        {
            case Profile.Social:
            {
                // A new account grows fast from a small base; the others steadily.
                var growth = account.Platform == "x" ? 0.004 : 0.0008;
                var followers = account.Audience * Math.Exp(growth * (date.DayNumber - account.Since.DayNumber));
                var impressions = Whole(followers * 0.32 * season * week * campaign * Noise());
                var likes = Whole(impressions * 0.031 * (campaign > 1 ? 1.12 : 1) * Noise(0.3));
                v["followers"] = Whole(followers);
                v["followers_gained"] = Whole(followers * 0.0018 * Noise(0.5));
                v["followers_lost"] = Whole(followers * 0.0007 * Noise(0.5));
                v["impressions"] = impressions;
                v["reach"] = Whole(impressions * 0.68 * Noise(0.1));
                v["likes"] = likes;
                v["comments"] = Whole(likes * 0.12 * Noise(0.4));
                v["shares"] = Whole(likes * 0.07 * Noise(0.5));
                v["saves"] = account.Platform is "instagram" or "tiktok" or "pinterest" ? Whole(likes * 0.15 * Noise(0.4)) : 0;
                v["clicks"] = Whole(impressions * 0.021 * Noise(0.3));
                v["link_clicks"] = Whole(impressions * 0.0085 * Noise(0.3));
                v["profile_visits"] = Whole(impressions * 0.012 * Noise(0.3));
                v["video_views"] = Whole(impressions * (account.Platform is "tiktok" or "youtube" ? 0.9 : 0.18) * Noise(0.3));
                v["posts"] = random.NextDouble() < (account.Platform == "linkedin" ? 0.35 : 0.7) ? 1 + random.Next(2) : 0;
                break;
            }

            case Profile.Ads:
            {
                var running = !weekend;
                var budget = 450.0 * season * (campaign > 1 ? 1.4 : 1);
                var spend = running ? Money(budget * 0.93 * Noise(0.08)) : 0;
                var paidImpressions = Whole(spend * 38 * Noise(0.15));
                var paidClicks = Whole(paidImpressions * 0.014 * Noise(0.2));
                var conversions = Whole(paidClicks * 0.045 * Noise(0.5));
                v["budget"] = Money(budget);
                v["spend"] = spend;
                v["paid_impressions"] = paidImpressions;
                v["impressions"] = paidImpressions;
                v["paid_clicks"] = paidClicks;
                v["link_clicks"] = paidClicks;
                v["conversions"] = conversions;
                v["revenue"] = Money(conversions * 389 * Noise(0.25));
                break;
            }

            case Profile.Web:
            {
                var sessions = Whole(1_900 * season * campaign * Noise(0.15));
                var social = Whole(sessions * 0.27 * Noise(0.15));
                var subscribers = account.Audience * Math.Exp(0.0006 * t);
                v["total_sessions"] = sessions;
                v["social_sessions"] = social;
                v["social_bounces"] = Whole(social * 0.46 * Noise(0.1));
                v["leads"] = Whole(social * 0.011 * Noise(0.5));
                v["customers"] = Whole(social * 0.004 * Noise(0.6));
                v["email_subscribers"] = Whole(subscribers);
                v["email_unsubscribes"] = Whole(subscribers * 0.0004 * Noise(0.8));
                v["new_backlinks"] = random.NextDouble() < 0.3 ? 1 : 0;

                // No review data is connected: "reviews" and "average_rating" stay empty, as the data note says.
                break;
            }

            case Profile.Care:
            {
                var responses = Whole(34 * season * week * Noise(0.3));
                var opened = Whole(6 * Noise(0.5));
                var mentions = Whole(52 * season * campaign * Noise(0.3));
                var positive = Whole(mentions * 0.48 * Noise(0.2));
                var negative = Whole(mentions * 0.09 * Noise(0.5));
                v["responses"] = responses;
                v["response_minutes"] = Math.Round(responses * 41 * Noise(0.35), 1);
                v["responses_within_1h"] = Math.Min(responses, Whole(responses * 0.74 * Noise(0.1)));
                v["issues_opened"] = opened;
                v["issues_resolved"] = Whole(opened * 0.88 * Noise(0.2));
                v["mentions"] = mentions;
                v["competitor_mentions"] = Whole(mentions * 2.4 * Noise(0.2));
                v["positive_mentions"] = positive;
                v["negative_mentions"] = negative;
                v["neutral_mentions"] = Math.Max(0, mentions - positive - negative);
                v["employee_shares"] = Whole(4 * Noise(0.6));
                v["employee_clicks"] = Whole(23 * Noise(0.5));
                v["employee_engagements"] = Whole(41 * Noise(0.5));
                v["employee_reach"] = Whole(1_250 * Noise(0.4));
                v["influencer_reach"] = date.Day is 1 or 15 ? Whole(46_000 * Noise(0.3)) : 0;
                v["influencer_engagements"] = date.Day is 1 or 15 ? Whole(1_900 * Noise(0.3)) : 0;
                break;
            }
        }

        return new DailyRow(date, account.Id, account.Platform, v);
    }

    // FNV-1a over the account id, mixed with the day: the same on every machine and .NET version.
    private static int Seed(string id, DateOnly date)
    {
        var hash = 2166136261u;
        foreach (var ch in id)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (int)(hash ^ ((uint)date.DayNumber * 2654435761u));
    }
}
