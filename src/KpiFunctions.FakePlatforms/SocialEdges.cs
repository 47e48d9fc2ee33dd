using System.Globalization;
using System.Text.Json.Nodes;

namespace KpiFunctions.FakePlatforms;

/// <summary>Facebook <c>/{page-id}/posts</c> and Instagram <c>/{ig-user-id}/media</c>: the day's posts, newest first, cursor-paged.</summary>
internal static class SocialEdges
{
    public static IResult Posts(HttpContext context, FakeMetaState state, string pageId) =>
        Edge(context, state, FakePlatform.Facebook, pageId, (day, i, n, values) =>
        {
            var id = PostId(pageId, day, i);
            return new JsonObject
            {
                ["id"] = id,
                ["created_time"] = Graph.Timestamp(day, 10 + i),
                ["message"] = Caption(day, i),
                ["permalink_url"] = $"https://www.facebook.com/{pageId}/posts/{id}",
                ["shares"] = new JsonObject { ["count"] = Share(values, "shares", i, n) },
                ["comments"] = new JsonObject { ["data"] = new JsonArray(), ["summary"] = new JsonObject { ["total_count"] = Share(values, "comments", i, n) } },
                ["likes"] = new JsonObject { ["data"] = new JsonArray(), ["summary"] = new JsonObject { ["total_count"] = Share(values, MetaMetrics.Reactions, i, n) } },
            };
        });

    public static IResult Media(HttpContext context, FakeMetaState state, string igId) =>
        Edge(context, state, FakePlatform.Instagram, igId, (day, i, n, values) =>
        {
            var id = PostId(igId, day, i);
            return new JsonObject
            {
                ["id"] = id,
                ["timestamp"] = Graph.Timestamp(day, 10 + i),
                ["caption"] = Caption(day, i),
                ["permalink"] = $"https://www.instagram.com/p/{id}/",
                ["like_count"] = Share(values, "likes", i, n),
                ["comments_count"] = Share(values, "comments", i, n),
                ["media_type"] = "IMAGE",
                ["media_product_type"] = "FEED",
            };
        });

    /// <summary>The number of media from the account's first day to yesterday, for the node's <c>media_count</c>.</summary>
    public static long MediaCount(FakeMetaState state, string igId)
    {
        long count = 0;
        for (var day = state.Since(FakePlatform.Instagram, igId); day < state.Today; day = day.AddDays(1))
        {
            count += PostCount(state.Values(FakePlatform.Instagram, igId, day));
        }

        return count;
    }

    private static IResult Edge(
        HttpContext context, FakeMetaState state, string platform, string accountId, Func<DateOnly, int, int, Dictionary<string, double>, JsonObject> post)
    {
        if (GraphApi.Touch(context, state, platform, accountId) is { } throttled)
        {
            return throttled;
        }

        var since = state.Since(platform, accountId);
        var until = state.Today;
        if (Graph.Param(context, "since") is { } s && !Graph.TryDay(s, out since))
        {
            return Graph.InvalidParameter("The since parameter must be a date (yyyy-MM-dd) or unix seconds");
        }

        if (Graph.Param(context, "until") is { } u && !Graph.TryDay(u, out until))
        {
            return Graph.InvalidParameter("The until parameter must be a date (yyyy-MM-dd) or unix seconds");
        }

        var items = new List<JsonNode>();
        for (var day = until.AddDays(-1); day >= since; day = day.AddDays(-1))
        {
            if (state.Values(platform, accountId, day) is not { } values)
            {
                continue;
            }

            var count = PostCount(values);
            for (var i = count - 1; i >= 0; i--)
            {
                items.Add(post(day, i, count, values));
            }
        }

        return Graph.Ok(Graph.Page(context, items, 25, 100));
    }

    internal static int PostCount(Dictionary<string, double>? values) =>
        values is not null && values.TryGetValue("posts", out var posts) ? (int)Math.Max(0, posts) : 0;

    private static string PostId(string accountId, DateOnly day, int i) => accountId + "_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + i.ToString(CultureInfo.InvariantCulture);

    private static string Caption(DateOnly day, int i) => $"Post {i + 1} of {Graph.Day(day)}";

    /// <summary>Post <paramref name="i"/>'s part of the day's total: an equal share, the first post also takes the remainder.</summary>
    internal static long Share(Dictionary<string, double> values, string key, int i, int count)
    {
        var total = values.TryGetValue(key, out var value) ? (long)Math.Max(0, value) : 0;
        var each = total / count;
        return i == 0 ? each + (total - (each * count)) : each;
    }
}
