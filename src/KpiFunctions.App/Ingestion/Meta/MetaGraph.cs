using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace KpiFunctions.App.Ingestion.Meta;

/// <summary>
/// Calls to Meta's Graph API (Facebook Pages, Instagram, Marketing API), shared by the three connectors: the API
/// version on every path, the token as Meta takes it, raw responses kept, <c>paging.next</c> followed, and Meta's
/// errors and usage headers read into <see cref="TokenRejectedException"/>, <see cref="PlatformThrottledException"/>,
/// <see cref="MetricRejectedException"/> and <see cref="PlatformException"/>.
/// </summary>
internal sealed class MetaGraph(HttpClient http, PlatformOptions options, string platformName)
{
    // Graph error codes: https://developers.facebook.com/docs/graph-api/guides/error-handling and the Marketing API's.
    private static readonly HashSet<int> ThrottleCodes = [4, 17, 32, 341, 613];
    private static readonly HashSet<int> TokenCodes = [102, 190, 10];

    /// <summary>GET <c>{BaseUrl}/{ApiVersion}/{path}?{query}</c> with <paramref name="accessToken"/>.</summary>
    public Task<JsonElement> GetAsync(string path, IReadOnlyDictionary<string, string?> query, string? accessToken, RawResponses? raw, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Url(path, query), accessToken, raw, cancellationToken);

    public Task<JsonElement> PostAsync(string path, IReadOnlyDictionary<string, string?> query, string accessToken, RawResponses? raw, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(path, query), accessToken, raw, cancellationToken);

    /// <summary>Every element of <c>data</c> over all pages, following <c>paging.next</c> until it is absent.</summary>
    public async IAsyncEnumerable<JsonElement> PagesAsync(
        string path,
        IReadOnlyDictionary<string, string?> query,
        string accessToken,
        RawResponses raw,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = Url(path, query);
        for (var page = 0; url is not null; page++)
        {
            if (page == 10_000)
            {
                throw new PlatformException($"{platformName} kept answering with a next page after 10,000 pages.");
            }

            var answer = await SendAsync(HttpMethod.Get, url, accessToken, raw, cancellationToken);
            foreach (var item in answer.Array("data"))
            {
                yield return item;
            }

            url = answer.TryGetProperty("paging", out var paging) && paging.Text("next") is { } next ? SameOrigin(next) : null;
        }
    }

    /// <summary>The address of <paramref name="path"/> with the configured version; the token is added when sent.</summary>
    public Uri Url(string path, IReadOnlyDictionary<string, string?> query) =>
        new(QueryHelpers.AddQueryString($"{options.BaseUrl.TrimEnd('/')}/{options.ApiVersion}/{path}", query));

    private async Task<JsonElement> SendAsync(HttpMethod method, Uri url, string? accessToken, RawResponses? raw, CancellationToken cancellationToken)
    {
        var withToken = accessToken is null ? url : new Uri(QueryHelpers.AddQueryString(url.ToString(), "access_token", accessToken));
        using var request = new HttpRequestMessage(method, withToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);

        // Meta repeats the token in its paging links: kept responses never hold it.
        var kept = accessToken is null ? body : body.Replace(accessToken, "***", StringComparison.Ordinal);
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            raw?.Add(method.Method, url.ToString(), (int)response.StatusCode, kept, isJson: false);
            throw new PlatformException($"{platformName} answered HTTP {(int)response.StatusCode} with a body that is not JSON.");
        }

        raw?.Add(method.Method, url.ToString(), (int)response.StatusCode, kept, isJson: true);

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error))
        {
            throw Error(error, response, accessToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new PlatformException($"{platformName} answered HTTP {(int)response.StatusCode}.");
        }

        if (Usage(response) is { Percent: var percent, Wait: var wait } && percent >= options.UsageLimitPercent)
        {
            throw new PlatformThrottledException($"{platformName} reports {percent}% of its rate limit used: waiting before the next call.", wait);
        }

        return json;
    }

    private Exception Error(JsonElement error, HttpResponseMessage response, string? accessToken)
    {
        var code = (int)(error.Number("code") ?? 0);
        var subcode = (int?)error.Number("error_subcode");
        var message = error.Text("message") ?? "no message";
        if (accessToken is not null)
        {
            message = message.Replace(accessToken, "***", StringComparison.Ordinal);
        }

        var reason = subcode is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"{platformName} error {code}/{s}: {message}")
            : string.Create(CultureInfo.InvariantCulture, $"{platformName} error {code}: {message}");
        if (TokenCodes.Contains(code) || code is >= 200 and <= 299)
        {
            return new TokenRejectedException(reason);
        }

        if (ThrottleCodes.Contains(code) || code is >= 80000 and <= 80014)
        {
            return new PlatformThrottledException(reason, Usage(response)?.Wait ?? TimeSpan.Zero);
        }

        if (code == 100 && message.Contains("metric", StringComparison.OrdinalIgnoreCase))
        {
            return new MetricRejectedException(reason);
        }

        return new PlatformException(reason);
    }

    // X-App-Usage, X-Business-Use-Case-Usage and X-Ad-Account-Usage: percentages of the limits; the BUC header also
    // gives the minutes until access is regained.
    private static (int Percent, TimeSpan Wait)? Usage(HttpResponseMessage response)
    {
        var percent = 0.0;
        var waitMinutes = 0.0;
        var found = false;
        foreach (var name in (string[])["X-App-Usage", "X-Business-Use-Case-Usage", "X-Ad-Account-Usage", "X-Page-Usage"])
        {
            if (!response.Headers.TryGetValues(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                try
                {
                    using var document = JsonDocument.Parse(value);
                    found = true;
                    Visit(document.RootElement, ref percent, ref waitMinutes);
                }
                catch (JsonException)
                {
                    // A header that is not JSON says nothing about usage.
                }
            }
        }

        return found ? ((int)Math.Round(percent), TimeSpan.FromMinutes(waitMinutes)) : null;

        static void Visit(JsonElement element, ref double percent, ref double waitMinutes)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Value.ValueKind == JsonValueKind.Number)
                        {
                            if (property.Name == "estimated_time_to_regain_access")
                            {
                                waitMinutes = Math.Max(waitMinutes, property.Value.GetDouble());
                            }
                            else if (property.Name is "call_count" or "total_cputime" or "total_time" or "acc_id_util_pct" or "app_id_util_pct")
                            {
                                percent = Math.Max(percent, property.Value.GetDouble());
                            }
                        }
                        else
                        {
                            Visit(property.Value, ref percent, ref waitMinutes);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item, ref percent, ref waitMinutes);
                    }

                    break;
            }
        }
    }

    // Meta's next links are absolute; only ones to the configured API are followed (the token goes nowhere else).
    private Uri SameOrigin(string next)
    {
        var url = new Uri(next);
        var api = new Uri(options.BaseUrl);
        if (Uri.Compare(url, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new PlatformException($"{platformName} sent a next page on another host ({url.Host}): not followed.");
        }

        var query = QueryHelpers.ParseQuery(url.Query);
        query.Remove("access_token");
        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))));
    }
}

/// <summary>The platform rejected a metric by name (retired or unknown); the others can still be fetched.</summary>
internal sealed class MetricRejectedException(string reason) : Exception(reason);
