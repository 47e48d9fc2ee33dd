using System.Text.Json;
using System.Text.Json.Nodes;
using KpiFunctions.Kpis;

namespace KpiFunctions.FakePlatforms;

/// <summary>Meta Marketing API insights of an ad account: the sync call, and the async report run (start, poll, results).</summary>
internal static class AdsInsights
{
    /// <summary>The longest <c>time_range</c> (days, both ends included) the sync call answers; longer ones "time out".</summary>
    public const int MaxSyncDays = 93;

    public static IResult Sync(HttpContext context, FakeMetaState state, string id)
    {
        var accountId = FakePlatform.Id(FakePlatform.MetaAds, id);
        if (GraphApi.Touch(context, state, FakePlatform.MetaAds, accountId) is { } throttled)
        {
            return throttled;
        }

        var (query, error) = Parse(context, state);
        if (error is not null)
        {
            return error;
        }

        if (query!.Range.Days > MaxSyncDays)
        {
            return Graph.Error(
                "Please reduce the amount of data you're asking for, then retry your request", 100, 1504018, userTitle: "Request Timed Out");
        }

        return Graph.Ok(Graph.Page(context, Rows(state, accountId, query), 25, 1000));
    }

    public static IResult Start(HttpContext context, FakeMetaState state, string id)
    {
        if (!id.StartsWith("act_", StringComparison.Ordinal))
        {
            return Graph.InvalidParameter($"Unsupported post request. Object with ID '{id}' does not exist or does not support this operation");
        }

        var accountId = FakePlatform.Id(FakePlatform.MetaAds, id);
        if (GraphApi.Touch(context, state, FakePlatform.MetaAds, accountId) is { } throttled)
        {
            return throttled;
        }

        var (query, error) = Parse(context, state);
        return error ?? Graph.Ok(new JsonObject { ["report_run_id"] = state.CreateJob(accountId, query!).Id });
    }

    public static IResult Status(HttpContext context, FakeMetaState state, ReportJob job)
    {
        if (GraphApi.Touch(context, state, FakePlatform.MetaAds, job.AccountId) is { } throttled)
        {
            return throttled;
        }

        var (status, percent) = state.Poll(job);
        return Graph.Ok(new JsonObject
        {
            ["id"] = job.Id,
            ["account_id"] = job.AccountId,
            ["async_status"] = status,
            ["async_percent_completion"] = percent,
            ["date_start"] = Graph.Day(job.Query.Range.From),
            ["date_stop"] = Graph.Day(job.Query.Range.To),
        });
    }

    public static IResult Results(HttpContext context, FakeMetaState state, ReportJob job)
    {
        if (GraphApi.Touch(context, state, FakePlatform.MetaAds, job.AccountId) is { } throttled)
        {
            return throttled;
        }

        return job.Status switch
        {
            ReportJob.Completed => Graph.Ok(Graph.Page(context, Rows(state, job.AccountId, job.Query), 25, 1000)),
            ReportJob.Failed => Graph.Error("Async job failed: the report could not be completed. Try a shorter time_range.", -2, 2490547),
            _ => Graph.InvalidParameter($"The report {job.Id} is not ready yet: its async_status is \"{job.Status}\""),
        };
    }

    private static (AdsQuery? Query, IResult? Error) Parse(HttpContext context, FakeMetaState state)
    {
        var fields = Graph.List(Graph.Param(context, "fields"));
        if (fields.FirstOrDefault(f => !MetaMetrics.AdsFields.Contains(f)) is { } unknown)
        {
            return (null, Graph.InvalidParameter(
                $"{unknown} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values"));
        }

        if (Graph.Param(context, "level") is { } level && level != "account")
        {
            return (null, Graph.InvalidParameter($"The fake serves level=account only, not level={level}"));
        }

        var increment = Graph.Param(context, "time_increment");
        if (increment is not (null or "1" or "all_days"))
        {
            return (null, Graph.InvalidParameter($"The fake serves time_increment=1 or all_days only, not {increment}"));
        }

        // Meta's default window: the last 30 days up to yesterday.
        var range = new DateRange(state.Today.AddDays(-30), state.Today.AddDays(-1));
        if (Graph.Param(context, "time_range") is { } json)
        {
            if (ParseRange(json) is not { } parsed)
            {
                return (null, Graph.InvalidParameter(
                    "param time_range must be a JSON object with since and until dates (yyyy-MM-dd), until not before since"));
            }

            range = parsed;
        }

        return (new AdsQuery(range, increment == "1", fields), null);
    }

    private static DateRange? ParseRange(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("since", out var s) && s.ValueKind == JsonValueKind.String && Graph.TryDay(s.GetString(), out var since)
                && root.TryGetProperty("until", out var u) && u.ValueKind == JsonValueKind.String && Graph.TryDay(u.GetString(), out var until)
                && since <= until
                ? new DateRange(since, until)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One row per day with data, oldest first (daily), or one row over the whole range (all_days).</summary>
    private static List<JsonNode> Rows(FakeMetaState state, string accountId, AdsQuery query)
    {
        var days = new List<(DateOnly Day, Dictionary<string, double> Values)>();
        for (var day = query.Range.From; day <= query.Range.To; day = day.AddDays(1))
        {
            if (state.Values(FakePlatform.MetaAds, accountId, day) is { } values)
            {
                days.Add((day, values));
            }
        }

        if (query.Daily)
        {
            return [.. days.Select(d => Row(accountId, d.Day, d.Day, d.Values, query.Fields))];
        }

        if (days.Count == 0)
        {
            return [];
        }

        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in days.SelectMany(d => d.Values))
        {
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return [Row(accountId, query.Range.From, query.Range.To, totals, query.Fields)];
    }

    private static JsonObject Row(string accountId, DateOnly start, DateOnly stop, Dictionary<string, double> values, IReadOnlyList<string> fields)
    {
        var all = fields.Count == 0;
        bool Wants(string field) => all || fields.Contains(field);
        double? Get(string key) => values.TryGetValue(key, out var v) ? v : null;

        var row = new JsonObject { ["account_id"] = accountId };
        if (fields.Contains("account_name"))
        {
            row["account_name"] = $"Fake Ad Account {accountId}";
        }

        if (fields.Contains("account_currency"))
        {
            row["account_currency"] = "EUR";
        }

        var spend = Get("spend");
        var impressions = Get("impressions");
        var clicks = Get("clicks");
        var linkClicks = Get("inline_link_clicks");
        if (Wants("spend") && spend is { } sp)
        {
            row["spend"] = Graph.Money(sp);
        }

        if (Wants("impressions") && impressions is { } im)
        {
            row["impressions"] = Graph.Text(im);
        }

        if (Wants("clicks") && clicks is { } cl)
        {
            row["clicks"] = Graph.Text(cl);
        }

        if (Wants("inline_link_clicks") && linkClicks is { } lc)
        {
            row["inline_link_clicks"] = Graph.Text(lc);
        }

        // Ratios only on request, and only when defined (Meta leaves them out when the denominator is 0).
        if (fields.Contains("cpc") && spend is { } s1 && clicks is > 0)
        {
            row["cpc"] = Graph.Text(Math.Round(s1 / clicks.Value, 6));
        }

        if (fields.Contains("cpm") && spend is { } s2 && impressions is > 0)
        {
            row["cpm"] = Graph.Text(Math.Round(s2 / impressions.Value * 1000, 6));
        }

        if (fields.Contains("ctr") && clicks is { } c3 && impressions is > 0)
        {
            row["ctr"] = Graph.Text(Math.Round(c3 / impressions.Value * 100, 6));
        }

        if (Wants("actions"))
        {
            var actions = new JsonArray();
            if (Get("conversions") is { } conversions)
            {
                foreach (var type in MetaMetrics.PurchaseTypes)
                {
                    actions.Add(Action(type, Graph.Text(conversions)));
                }
            }

            if (linkClicks is { } links)
            {
                actions.Add(Action("link_click", Graph.Text(links)));
            }

            if (actions.Count > 0)
            {
                row["actions"] = actions;
            }
        }

        if (Wants("action_values") && Get("revenue") is { } revenue)
        {
            row["action_values"] = new JsonArray([.. MetaMetrics.PurchaseTypes.Select(type => Action(type, Graph.Money(revenue)))]);
        }

        row["date_start"] = Graph.Day(start);
        row["date_stop"] = Graph.Day(stop);
        return row;

        static JsonObject Action(string type, string value) => new() { ["action_type"] = type, ["value"] = value };
    }
}
