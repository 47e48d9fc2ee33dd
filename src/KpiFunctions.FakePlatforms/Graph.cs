using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace KpiFunctions.FakePlatforms;

/// <summary>The Graph API's wire conventions: JSON bodies, the error envelope, dates, parameters, cursors and paging links.</summary>
internal static class Graph
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Ok(JsonNode body) => Body(body, StatusCodes.Status200OK);

    public static IResult Body(JsonNode body, int status) =>
        Results.Content(body.ToJsonString(Json), "application/json; charset=UTF-8", Encoding.UTF8, status);

    /// <summary>The Graph error envelope, <c>{"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}</c>.</summary>
    public static IResult Error(
        string message, int code, int? subcode = null, int status = StatusCodes.Status400BadRequest, string type = "OAuthException", bool? transient = null, string? userTitle = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code };
        if (subcode is { } s)
        {
            error["error_subcode"] = s;
        }

        if (transient is { } t)
        {
            error["is_transient"] = t;
        }

        if (userTitle is not null)
        {
            error["error_user_title"] = userTitle;
        }

        error["fbtrace_id"] = "A" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 22);
        return Body(new JsonObject { ["error"] = error }, status);
    }

    public static IResult InvalidParameter(string message) => Error($"(#100) {message}", 100);

    /// <summary>A query parameter, or for a POST a form field of the same name.</summary>
    public static string? Param(HttpContext context, string name)
    {
        if (context.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value))
        {
            return value.ToString();
        }

        return context.Request.HasFormContentType && context.Request.Form.TryGetValue(name, out var form) && !string.IsNullOrEmpty(form)
            ? form.ToString()
            : null;
    }

    public static string[] List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Meta's <c>end_time</c> of a daily value: 07:00 UTC of the day after.</summary>
    public static string EndTime(DateOnly day) => Day(day.AddDays(1)) + "T07:00:00+0000";

    public static string Timestamp(DateOnly day, int hour) =>
        day.ToDateTime(new TimeOnly(hour % 24, 0)).ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    /// <summary>A Graph date parameter: <c>yyyy-MM-dd</c> or unix seconds (the UTC date of that instant).</summary>
    public static bool TryDay(string? value, out DateOnly day)
    {
        day = default;
        if (value is null)
        {
            return false;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime);
            return true;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>The number as Meta's Ads API writes it: a string, invariant culture.</summary>
    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Money(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Cursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}")).TrimEnd('=');

    public static int Offset(string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.PadRight(cursor.Length + ((4 - (cursor.Length % 4)) % 4), '=')));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out var offset) && offset >= 0 ? offset : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    /// <summary>The request's own URL with some query parameters replaced (null removes one): how Meta builds paging links.</summary>
    public static string Link(HttpContext context, IReadOnlyDictionary<string, string?> replace)
    {
        var request = context.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in request.Form)
            {
                query.TryAdd(key, value);
            }
        }

        var pairs = query
            .Where(p => !replace.ContainsKey(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .Concat(replace.Where(p => p.Value is not null));
        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", pairs);
    }

    /// <summary>One page of a cursor-paged edge: <c>{"data":[…],"paging":{"cursors":{"before","after"},"next"?,"previous"?}}</c>.</summary>
    public static JsonObject Page(HttpContext context, IReadOnlyList<JsonNode> items, int defaultLimit, int maxLimit)
    {
        var limit = int.TryParse(Param(context, "limit"), CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, maxLimit) : defaultLimit;
        var offset = Math.Min(Offset(Param(context, "after")), items.Count);
        var page = items.Skip(offset).Take(limit).ToList();
        var result = new JsonObject { ["data"] = new JsonArray([.. page.Select(i => i.DeepClone())]) };
        if (page.Count == 0 && offset == 0)
        {
            return result;
        }

        var paging = new JsonObject
        {
            ["cursors"] = new JsonObject { ["before"] = Cursor(offset), ["after"] = Cursor(offset + page.Count) },
        };
        if (offset > 0)
        {
            paging["previous"] = Link(context, new Dictionary<string, string?> { ["after"] = Cursor(Math.Max(0, offset - limit)) });
        }

        if (offset + page.Count < items.Count)
        {
            paging["next"] = Link(context, new Dictionary<string, string?> { ["before"] = null, ["after"] = Cursor(offset + page.Count) });
        }

        result["paging"] = paging;
        return result;
    }
}
