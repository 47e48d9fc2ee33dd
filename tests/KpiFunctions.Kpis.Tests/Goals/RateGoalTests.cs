using KpiFunctions.Kpis.Goals;
using static KpiFunctions.Kpis.Tests.Goals.GoalData;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Goals;

/// <summary>
/// Rate goals (engagement_rate, cpc, response_time): baseline over the 28 days before the start, value over the 28
/// days ending AsOf, forecast by the least-squares line through eight 7-day buckets.
/// </summary>
/// <remarks>
/// Every test uses the goal 2026-04-01..06-30 (91 days) measured on today = 06-06, so AsOf = 06-05 and
/// elapsed = 04-01..06-05 = 30 + 31 + 5 = 66 days: expected 66 / 91 * 100 = 72.527472527…%.
/// The 56 days ending AsOf are 04-11..06-05; bucket k (0..7) = 04-11 + 7k .. 04-17 + 7k, middle day 04-14 + 7k,
/// which is 7k - 52 days from AsOf (bucket 7: 05-30..06-05, middle 06-02 = -3). The deadline 06-30 is +25 = the
/// middle of a bucket k = 11. Buckets 4..7 (05-09..06-05) are exactly the 28 days of the value.
/// The baseline reads 03-04..03-31.
/// </remarks>
public class RateGoalTests
{
    private const string Start = "2026-04-01";
    private const string Deadline = "2026-06-30";
    private const string Today = "2026-06-06";

    /// <summary>Bucket k of a day from 04-11 on; -1 before.</summary>
    private static int Bucket(DateOnly day) => day < D("2026-04-11") ? -1 : DaysSince("2026-04-11", day) / 7;

    /// <summary>
    /// Rows 03-01..06-05 where <paramref name="before"/> holds until 04-10 and bucket k uses <paramref name="perBucket"/>[k].
    /// </summary>
    private static IEnumerable<DailyRow> Weekly(
        string numerator, string denominator, double denominatorPerDay, double before, double[] perBucket) =>
        Daily("2026-03-01", "2026-06-05", d =>
            [(numerator, Bucket(d) < 0 ? before : perBucket[Bucket(d)]), (denominator, denominatorPerDay)]);

    [Fact]
    public void Evaluate_EngagementRateWeeklyBuckets_MeasuresEveryFieldByHand()
    {
        // 1000 impressions a day; likes 20 a day (2.0%) until 04-10, then per bucket 21, 20, 21, 24, 25, 24, 25, 28:
        // bucket rates 2.1, 2.0, 2.1, 2.4, 2.5, 2.4, 2.5, 2.8 = 2.0 + 0.1k + (+.1, -.1, -.1, +.1, +.1, -.1, -.1, +.1).
        var rows = Weekly("likes", "impressions", 1000, 20, [21, 20, 21, 24, 25, 24, 25, 28]);

        var progress = Evaluate("engagement_rate", 3.0, Start, Deadline, Today, rows);

        Assert.Equal(D("2026-06-05"), progress.AsOf);
        Close(2.0, progress.Baseline); // 28 * 20 / (28 * 1000) * 100
        Close(2.55, progress.Value); // 7 * (25 + 24 + 25 + 28) / 28 000 * 100 = 714 / 28 000 * 100
        Close(55.0, progress.ProgressPercent); // (2.55 - 2.0) / (3.0 - 2.0) * 100
        Close(72.527472527473, progress.ExpectedProgressPercent); // 66 / 91 * 100
        // Least squares over k: mean k 3.5, mean rate 18.8 / 8 = 2.35, Σ(k - 3.5)² = 42,
        // Σ(k - 3.5)·rate = 4.2, so slope 0.1 per week (the ± noise cancels); at k = 11: 2.35 + 0.1 * 7.5.
        Close(3.1, progress.Forecast);
        Assert.Equal(GoalStatus.OnTrack, progress.Status); // score (3.1 - 2.0) / 1.0 * 100 = 110
    }

    [Fact]
    public void Evaluate_EngagementRateTargetEqualsBaselineAndMet_ProgressHundredAchieved()
    {
        var rows = Weekly("likes", "impressions", 1000, 20, [20, 20, 20, 20, 20, 20, 20, 20]);

        var progress = Evaluate("engagement_rate", 2.0, Start, Deadline, Today, rows);

        Close(2.0, progress.Baseline);
        Close(2.0, progress.Value);
        Assert.Equal(100.0, progress.ProgressPercent); // no distance to cover and 2.0 >= 2.0
        Assert.Equal(GoalStatus.Achieved, progress.Status);
    }

    [Fact]
    public void Evaluate_CpcImproving_ProgressPositiveOnTrack()
    {
        // 100 paid clicks a day; spend 150 a day (cpc 1.50) until 04-10, then cpc 1.45 - 0.05k per bucket.
        var rows = Weekly("spend", "paid_clicks", 100, 150, [145, 140, 135, 130, 125, 120, 115, 110]);

        var progress = Evaluate("cpc", 1.00, Start, Deadline, Today, rows);

        Close(1.5, progress.Baseline); // 28 * 150 / (28 * 100)
        Close(1.175, progress.Value); // 7 * (125 + 120 + 115 + 110) / 2800 = 3290 / 2800
        Close(65.0, progress.ProgressPercent); // (1.175 - 1.5) / (1.0 - 1.5) * 100 = -0.325 / -0.5 * 100
        Close(0.9, progress.Forecast); // the buckets lie on 1.45 - 0.05k; k = 11: 1.45 - 0.55
        Assert.Equal(GoalStatus.OnTrack, progress.Status); // 1.175 > 1.00: not met; score (0.9 - 1.5) / -0.5 * 100 = 120
    }

    [Fact]
    public void Evaluate_CpcWorsening_ProgressNegativeOffTrack()
    {
        // cpc 1.55 + 0.05k per bucket.
        var rows = Weekly("spend", "paid_clicks", 100, 150, [155, 160, 165, 170, 175, 180, 185, 190]);

        var progress = Evaluate("cpc", 1.00, Start, Deadline, Today, rows);

        Close(1.825, progress.Value); // 7 * (175 + 180 + 185 + 190) / 2800 = 5110 / 2800
        Close(-65.0, progress.ProgressPercent); // (1.825 - 1.5) / (1.0 - 1.5) * 100
        Close(2.1, progress.Forecast); // 1.55 + 0.05 * 11
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // score (2.1 - 1.5) / -0.5 * 100 = -120
    }

    // response_time: 10 responses a day; 60 minutes each (600 a day) until 04-10.
    private static readonly double[] ResponseImproving = [560, 520, 480, 440, 400, 360, 320, 280]; // 56 - 4k minutes
    private static readonly double[] ResponseWorsening = [610, 630, 650, 670, 690, 710, 730, 750]; // 61 + 2k minutes

    [Theory]
    [InlineData(30.0, 86.666666666667, GoalStatus.OnTrack)] // (34 - 60) / (30 - 60) * 100; score (12 - 60) / -30 * 100 = 160
    [InlineData(35.0, 104.0, GoalStatus.Achieved)] // 34 <= 35; (34 - 60) / (35 - 60) * 100
    public void Evaluate_ResponseTimeImproving_LowerIsBetter(double target, double expectedProgress, GoalStatus expected)
    {
        var rows = Weekly("response_minutes", "responses", 10, 600, ResponseImproving);

        var progress = Evaluate("response_time", target, Start, Deadline, Today, rows);

        Close(60.0, progress.Baseline); // 28 * 600 / (28 * 10)
        Close(34.0, progress.Value); // 7 * (400 + 360 + 320 + 280) / 280 = 9520 / 280
        Close(12.0, progress.Forecast); // 56 - 4 * 11
        Close(expectedProgress, progress.ProgressPercent);
        Assert.Equal(expected, progress.Status);
    }

    [Fact]
    public void Evaluate_ResponseTimeWorsening_ProgressNegativeOffTrack()
    {
        var rows = Weekly("response_minutes", "responses", 10, 600, ResponseWorsening);

        var progress = Evaluate("response_time", 30, Start, Deadline, Today, rows);

        Close(72.0, progress.Value); // 7 * (690 + 710 + 730 + 750) / 280 = 20 160 / 280
        Close(-40.0, progress.ProgressPercent); // (72 - 60) / (30 - 60) * 100
        Close(83.0, progress.Forecast); // 61 + 2 * 11
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // score (83 - 60) / -30 * 100 = -76.7
    }

    [Fact]
    public void Evaluate_ResponseTimeWorseningAfterDeadline_Missed()
    {
        // Same rows, but the goal ended on 06-05 and today is 06-10: AsOf = 06-05 again.
        var rows = Weekly("response_minutes", "responses", 10, 600, ResponseWorsening);

        var progress = Evaluate("response_time", 30, Start, "2026-06-05", "2026-06-10", rows);

        Assert.Equal(D("2026-06-05"), progress.AsOf);
        Assert.Equal(100.0, progress.ExpectedProgressPercent);
        Close(72.0, progress.Value);
        Close(75.857142857143, progress.Forecast); // the line at AsOf: k = 52 / 7, 61 + 2 * 52 / 7 = 531 / 7
        Assert.Equal(GoalStatus.Missed, progress.Status); // 72 > 30 after the deadline
    }

    [Fact]
    public void Evaluate_RateTrendBelowZeroAtDeadline_ForecastFlooredAtZero()
    {
        // Deadline 08-25 = AsOf + 81 days = the middle of bucket k = (81 + 52) / 7 = 19: 56 - 4 * 19 = -20 minutes.
        var rows = Weekly("response_minutes", "responses", 10, 600, ResponseImproving);

        var progress = Evaluate("response_time", 30, Start, "2026-08-25", Today, rows);

        Assert.Equal(0.0, progress.Forecast);
        Assert.Equal(GoalStatus.OnTrack, progress.Status); // score (0 - 60) / (30 - 60) * 100 = 200
    }

    [Fact]
    public void Evaluate_NetSentimentTrendBelowZero_ForecastKeepsSign()
    {
        // net_sentiment can be negative: 100 mentions a day, all neutral but for positive - negative = 10 - 2k per day
        // from 04-11 (5 before): bucket net 10, 8, 6, ..., -4 %; at k = 11: 10 - 22 = -12 %.
        var rows = Daily("2026-03-01", "2026-06-05", d =>
        {
            var net = Bucket(d) < 0 ? 5 : 10 - (2 * Bucket(d));
            return net >= 0
                ? [("positive_mentions", net), ("neutral_mentions", 100 - net), ("negative_mentions", 0)]
                : [("positive_mentions", 0), ("neutral_mentions", 100 + net), ("negative_mentions", -net)];
        });

        var progress = Evaluate("net_sentiment", 20, Start, Deadline, Today, rows);

        Close(5.0, progress.Baseline); // 28 * 5 / 2800 * 100
        Close(-1.0, progress.Value); // buckets 4..7: 7 * (2 + 0 - 2 - 4) / 2800 * 100 = -28 / 2800 * 100
        Close(-12.0, progress.Forecast);
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // score (-12 - 5) / (20 - 5) * 100 = -113
    }
}
