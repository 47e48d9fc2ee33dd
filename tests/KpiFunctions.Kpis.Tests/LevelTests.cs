using System.Globalization;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Levels (followers, email_subscribers): read at the period's ends per account, never summed over days.</summary>
public class LevelTests
{
    private static readonly DateRange April = Range("2026-04-01", "2026-04-30");

    // a1: history before April and a row inside it.
    // a2: no row before April; two inside it.
    // a3: its latest row is before April and it has none inside.
    // a4: a row after April (ignored) and one inside.
    private static readonly DailyRow[] Rows =
    [
        Row("2026-03-01", "a1", ("followers", 80)),
        Row("2026-03-31", "a1", ("followers", 100)),
        Row("2026-04-05", "a1", ("followers", 120)),
        Row("2026-04-10", "a2", ("followers", 200)),
        Row("2026-04-20", "a2", ("followers", 250)),
        Row("2026-02-15", "a3", ("followers", 40)),
        Row("2026-04-30", "a4", ("followers", 10)),
        Row("2026-05-01", "a4", ("followers", 9999)),
    ];

    [Fact]
    public void End_SeveralAccounts_SumsLatestValuePerAccountUpToTo()
    {
        var totals = new PeriodTotals(Rows, April);

        Assert.Equal(420.0, totals.End("followers")); // a1 120 + a2 250 + a3 40 (from 02-15) + a4 10 (05-01 is after to)
    }

    [Fact]
    public void Start_SeveralAccounts_UsesLatestBeforeFromElseEarliestInside()
    {
        var totals = new PeriodTotals(Rows, April);

        Assert.Equal(350.0, totals.Start("followers")); // a1 100 (03-31, not 80) + a2 200 (04-10) + a3 40 + a4 10 (04-30)
    }

    [Fact]
    public void Evaluate_SeveralAccounts_FollowerGrowthIsEndMinusStart()
    {
        Assert.Equal(420.0, Evaluate(Rows, April, "followers")); // 120 + 250 + 40 + 10
        Assert.Equal(70.0, Evaluate(Rows, April, "follower_growth")); // 420 - (100 + 200 + 40 + 10)
        Close(20.0, Evaluate(Rows, April, "follower_growth_rate")); // 70 / 350 * 100
    }

    [Fact]
    public void End_RowsInAnyOrder_SameAsInDateOrder()
    {
        var shuffled = Rows.Reverse().ToArray();
        var totals = new PeriodTotals(shuffled, April);

        Assert.Equal(420.0, totals.End("followers")); // as above
        Assert.Equal(350.0, totals.Start("followers"));
    }

    [Fact]
    public void End_OnlyAccountRowBeforePeriod_CountsThatValue()
    {
        DailyRow[] rows = [Row("2026-01-10", "a1", ("followers", 777))];

        Assert.Equal(777.0, Evaluate(rows, April, "followers")); // latest with date <= to, though before from
        Assert.Equal(0.0, Evaluate(rows, April, "follower_growth")); // 777 - 777
    }

    [Fact]
    public void End_LaterRowWithoutTheLevel_KeepsTheLatestRowThatCarriesIt()
    {
        DailyRow[] rows =
        [
            Row("2026-04-05", "a1", ("followers", 500)),
            Row("2026-04-25", "a1", ("impressions", 10)),
        ];

        Assert.Equal(500.0, Evaluate(rows, April, "followers")); // 04-25 carries no followers
    }

    [Fact]
    public void Evaluate_DailyLevelRows_NeverSummedOverDays()
    {
        var rows = Enumerable.Range(0, 10)
            .Select(i => Row(string.Create(CultureInfo.InvariantCulture, $"2026-04-{i + 1:00}"), "a1", ("followers", 1000)))
            .ToArray();

        Assert.Equal(1000.0, Evaluate(rows, April, "followers")); // level on 04-10, not 10 * 1000
        Assert.Equal(0.0, Evaluate(rows, April, "follower_growth")); // 1000 - 1000
    }

    [Fact]
    public void Evaluate_EmailSubscribers_FollowSameLevelRules()
    {
        DailyRow[] rows =
        [
            Row("2026-03-20", "list1", ("email_subscribers", 1000)),
            Row("2026-04-15", "list1", ("email_subscribers", 1100), ("email_unsubscribes", 30)),
            Row("2026-04-02", "list2", ("email_subscribers", 500), ("email_unsubscribes", 20)),
            Row("2026-04-28", "list2", ("email_subscribers", 450)),
        ];

        Assert.Equal(1550.0, Evaluate(rows, April, "email_subscribers")); // 1100 + 450
        Assert.Equal(50.0, Evaluate(rows, April, "email_subscriber_growth")); // 1550 - (1000 + 500)
        Close(3.333333333333333, Evaluate(rows, April, "opt_out_rate")); // (30 + 20) / 1500 * 100
    }

    [Fact]
    public void Start_AccountsReadDifferentLevelsIndependently()
    {
        // a1's followers come from before the period; its email list only from inside.
        DailyRow[] rows =
        [
            Row("2026-03-30", "a1", ("followers", 60)),
            Row("2026-04-03", "a1", ("email_subscribers", 300)),
            Row("2026-04-09", "a1", ("followers", 90), ("email_subscribers", 330)),
        ];
        var totals = new PeriodTotals(rows, April);

        Assert.Equal(60.0, totals.Start("followers")); // 03-30
        Assert.Equal(90.0, totals.End("followers")); // 04-09
        Assert.Equal(300.0, totals.Start("email_subscribers")); // earliest inside: 04-03
        Assert.Equal(330.0, totals.End("email_subscribers")); // 04-09
    }
}
