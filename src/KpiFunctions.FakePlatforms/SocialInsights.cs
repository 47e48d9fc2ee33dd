using System.Text.Json.Nodes;

namespace KpiFunctions.FakePlatforms;

/// <summary>Facebook Page insights and Instagram account insights: <c>GET /{version}/{id}/insights</c>.</summary>
internal static class SocialInsights
{
    public static IResult Facebook(HttpContext context, FakeMetaState state, string pageId, string[] metrics)
    {
        if (Validate(state, FakePlatform.Facebook, metrics, context) is { } invalid)
        {
            return invalid;
        }

        var (since, until, error) = Window(context, state, 90, "(#100) The since and until parameters must be no more than 90 days apart");
        return error ?? TimeSeries(context, state, FakePlatform.Facebook, pageId, metrics, since, until);
    }

    public static IResult Instagram(HttpContext context, FakeMetaState state, string igId, string[] metrics)
    {
        if (Validate(state, FakePlatform.Instagram, metrics, context) is { } invalid)
        {
            return invalid;
        }

        var totalValue = Graph.Param(context, "metric_type") == "total_value";
        if (!totalValue && metrics.FirstOrDefault(m => MetaMetrics.Instagram[m].TotalValueOnly) is { } needsTotal)
        {
            return Graph.InvalidParameter($"{needsTotal} should be specified with parameter metric_type=total_value");
        }

        var (since, until, error) = Window(context, state, 30, "(#100) There cannot be more than 30 days (2592000 s) between since and until");
        if (error is not null)
        {
            return error;
        }

        if (!totalValue)
        {
            return TimeSeries(context, state, FakePlatform.Instagram, igId, metrics, since, until);
        }

        var days = Days(state, FakePlatform.Instagram, igId, since, until);
        var byFollowType = Graph.Param(context, "breakdown") == "follow_type";
        var data = new JsonArray();
        foreach (var name in metrics)
        {
            var metric = MetaMetrics.Instagram[name];
            JsonObject total;
            if (name == MetaMetrics.FollowsAndUnfollows)
            {
                var followers = Sum(days, MetaMetrics.Follower);
                var nonFollowers = Sum(days, MetaMetrics.NonFollower);
                if (followers is null && nonFollowers is null)
                {
                    continue;
                }

                if (byFollowType)
                {
                    var results = new JsonArray();
                    foreach (var (key, value) in new[] { ("FOLLOWER", followers), ("NON_FOLLOWER", nonFollowers) })
                    {
                        if (value is { } v)
                        {
                            results.Add(new JsonObject { ["dimension_values"] = new JsonArray(key), ["value"] = v });
                        }
                    }

                    total = new JsonObject
                    {
                        ["breakdowns"] = new JsonArray(new JsonObject { ["dimension_keys"] = new JsonArray("follow_type"), ["results"] = results }),
                    };
                }
                else
                {
                    total = new JsonObject { ["value"] = (followers ?? 0) + (nonFollowers ?? 0) };
                }
            }
            else if (Sum(days, name) is { } sum)
            {
                total = new JsonObject { ["value"] = sum };
            }
            else
            {
                // Meta leaves a metric with no data out rather than answering 0.
                continue;
            }

            data.Add(new JsonObject
            {
                ["name"] = name,
                ["period"] = "day",
                ["title"] = metric.Title,
                ["description"] = metric.Description,
                ["total_value"] = total,
                ["id"] = $"{igId}/insights/{name}/day",
            });
        }

        return Graph.Ok(new JsonObject { ["data"] = data });
    }

    private static IResult? Validate(FakeMetaState state, string platform, string[] metrics, HttpContext context)
    {
        var known = MetaMetrics.For(platform)!;
        if (metrics.Any(m => !known.ContainsKey(m) || state.IsRetired(platform, m)))
        {
            return Graph.InvalidParameter("The value must be a valid insights metric");
        }

        return Graph.Param(context, "period") is { } period && period != "day"
            ? Graph.InvalidParameter($"The fake serves period=day only, not period={period}")
            : null;
    }

    /// <summary>The [since, until) window of an insights call; until defaults to today and since to two days before until.</summary>
    private static (DateOnly Since, DateOnly Until, IResult? Error) Window(HttpContext context, FakeMetaState state, int maxDays, string tooLong)
    {
        DateOnly until = state.Today, since;
        if (Graph.Param(context, "until") is { } u && !Graph.TryDay(u, out until))
        {
            return (default, default, Graph.InvalidParameter("The until parameter must be a date (yyyy-MM-dd) or unix seconds"));
        }

        if (Graph.Param(context, "since") is { } s)
        {
            if (!Graph.TryDay(s, out since))
            {
                return (default, default, Graph.InvalidParameter("The since parameter must be a date (yyyy-MM-dd) or unix seconds"));
            }
        }
        else
        {
            since = until.AddDays(-2);
        }

        return until.DayNumber - since.DayNumber > maxDays ? (default, default, Graph.Error(tooLong, 100)) : (since, until, null);
    }

    private static List<(DateOnly Day, Dictionary<string, double>? Values)> Days(FakeMetaState state, string platform, string id, DateOnly since, DateOnly until)
    {
        var days = new List<(DateOnly, Dictionary<string, double>?)>();
        for (var day = since; day < until; day = day.AddDays(1))
        {
            days.Add((day, state.Values(platform, id, day)));
        }

        return days;
    }

    private static double? Sum(List<(DateOnly Day, Dictionary<string, double>? Values)> days, string key)
    {
        double? sum = null;
        foreach (var (_, values) in days)
        {
            if (values is not null && values.TryGetValue(key, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }

    private static JsonObject TimeSeriesBody(FakeMetaState state, string platform, string id, string[] metrics, DateOnly since, DateOnly until)
    {
        var days = Days(state, platform, id, since, until);
        var known = MetaMetrics.For(platform)!;
        var data = new JsonArray();
        foreach (var name in metrics)
        {
            var values = new JsonArray();
            foreach (var (day, dayValues) in days)
            {
                if (dayValues is not null && dayValues.TryGetValue(name, out var value))
                {
                    values.Add(new JsonObject { ["value"] = Value(name, value), ["end_time"] = Graph.EndTime(day) });
                }
            }

            data.Add(new JsonObject
            {
                ["name"] = name,
                ["period"] = "day",
                ["values"] = values,
                ["title"] = known[name].Title,
                ["description"] = known[name].Description,
                ["id"] = $"{id}/insights/{name}/day",
            });
        }

        return new JsonObject { ["data"] = data };
    }

    private static IResult TimeSeries(HttpContext context, FakeMetaState state, string platform, string id, string[] metrics, DateOnly since, DateOnly until)
    {
        var body = TimeSeriesBody(state, platform, id, metrics, since, until);
        var span = until.DayNumber - since.DayNumber;
        body["paging"] = new JsonObject
        {
            ["previous"] = Graph.Link(context, Range(since.AddDays(-span), since)),
            ["next"] = Graph.Link(context, Range(until, until.AddDays(span))),
        };
        return Graph.Ok(body);

        static Dictionary<string, string?> Range(DateOnly since, DateOnly until) =>
            new() { ["since"] = Graph.Day(since), ["until"] = Graph.Day(until) };
    }

    /// <summary>Reactions come as an object by type: 80% likes (rounded down), the rest loves.</summary>
    private static JsonNode Value(string name, double value)
    {
        if (name != MetaMetrics.Reactions)
        {
            return JsonValue.Create(value);
        }

        var like = Math.Floor(value * 0.8);
        return new JsonObject { ["like"] = like, ["love"] = value - like };
    }
}
