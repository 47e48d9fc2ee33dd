using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// Calls to a platform's JSON API for the connectors that are not Meta's: the token as a bearer header, every response
/// kept raw (token removed), the body parsed, and errors read into the pipeline's exceptions: 401 rejects the token,
/// 429 throttles until the platform's reset (<c>Retry-After</c>, <c>x-rate-limit-reset</c>, <c>X-RateLimit-Reset</c>),
/// anything else fails. A platform that signals errors its own way (TikTok's codes in a 200 body, Google's
/// <c>quotaExceeded</c>) passes <paramref name="classify"/>, which may answer the exception to throw first.
/// </summary>
/// <param name="http">The platforms' HTTP client (retries 5xx and timeouts).</param>
/// <param name="platformName">The platform's name, for messages.</param>
/// <param name="time">The clock, for reset times.</param>
/// <param name="classify">Reads the platform's own error signals first; null for none.</param>
/// <param name="tokenHeader">The header the token goes in (TikTok: <c>Access-Token</c>); null: <c>Authorization: Bearer</c>.</param>
public sealed class PlatformHttp(
    HttpClient http,
    string platformName,
    TimeProvider time,
    Func<HttpResponseMessage, JsonElement?, Exception?>? classify = null,
    string? tokenHeader = null)
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="accessToken"/> (none when null); answers the parsed body.</summary>
    public async Task<JsonElement> SendAsync(HttpRequestMessage request, string? accessToken, RawResponses? raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (accessToken is not null && tokenHeader is not null)
        {
            request.Headers.TryAddWithoutValidation(tokenHeader, accessToken);
        }
        else if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var kept = accessToken is null ? body : body.Replace(accessToken, "***", StringComparison.Ordinal);
        JsonElement? json = null;
        try
        {
            json = body.Length == 0 ? null : JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            // Not JSON: an error page, say; the status decides below.
        }

        raw?.Add(request.Method.Method, request.RequestUri!.ToString(), (int)response.StatusCode, kept, isJson: json is not null);
        if (classify?.Invoke(response, json) is { } error)
        {
            throw error;
        }

        return response.StatusCode switch
        {
            _ when response.IsSuccessStatusCode && json is { } ok => ok,
            HttpStatusCode.Unauthorized => throw new TokenRejectedException($"{platformName} refused the token (HTTP 401): {Message(json)}"),
            HttpStatusCode.TooManyRequests => throw new PlatformThrottledException($"{platformName} rate limit reached (HTTP 429): {Message(json)}", ResetWait(response)),
            _ => throw new PlatformException($"{platformName} answered HTTP {(int)response.StatusCode}: {Message(json)}"),
        };
    }

    /// <summary>GET <paramref name="url"/> with the bearer token.</summary>
    public Task<JsonElement> GetAsync(Uri url, string accessToken, RawResponses? raw, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync(request, accessToken, raw, cancellationToken);
    }

    /// <summary>
    /// An OAuth 2.0 token request (authorization code or refresh) as a form POST, with the client's credentials as Basic
    /// auth when <paramref name="basicAuth"/> is set; answers the tokens, or null when the answer holds no access token
    /// (an empty refresh never replaces a stored token). A refused grant throws <see cref="TokenRejectedException"/>.
    /// </summary>
    public async Task<PlatformTokens?> TokenAsync(Uri tokenUrl, IReadOnlyDictionary<string, string?> form, (string Id, string Secret)? basicAuth, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(form.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))),
        };
        if (basicAuth is { } client)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.Id}:{client.Secret}")));
        }

        JsonElement answer;
        try
        {
            answer = await SendAsync(request, null, null, cancellationToken);
        }
        catch (PlatformException e) when (e.Message.Contains("HTTP 400", StringComparison.Ordinal))
        {
            // invalid_grant and friends: the code or the refresh token is no good.
            throw new TokenRejectedException(e.Message);
        }

        return Tokens(answer, time.GetUtcNow());
    }

    /// <summary>Tokens from a standard OAuth 2.0 token answer (<c>access_token</c>, <c>refresh_token</c>, <c>expires_in</c>, <c>refresh_token_expires_in</c>).</summary>
    public static PlatformTokens? Tokens(JsonElement answer, DateTimeOffset now) =>
        answer.Text("access_token") is { Length: > 0 } access
            ? new PlatformTokens(
                access,
                answer.Text("refresh_token") is { Length: > 0 } refresh ? refresh : null,
                answer.Number("expires_in") is { } seconds ? now.AddSeconds(seconds) : null,
                answer.Number("refresh_token_expires_in") is { } refreshSeconds ? now.AddSeconds(refreshSeconds) : null)
            : null;

    /// <summary>How long to wait after a 429: <c>Retry-After</c>, or a reset time in epoch seconds; a minute when none is given.</summary>
    public TimeSpan ResetWait(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromMinutes(1));
        }

        foreach (var name in (string[])["x-rate-limit-reset", "X-RateLimit-Reset"])
        {
            if (response.Headers.TryGetValues(name, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            {
                // Epoch seconds (X), or seconds from now when small (some APIs send a delta).
                var wait = reset > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow() : TimeSpan.FromSeconds(reset);
                return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            }
        }

        return TimeSpan.FromMinutes(1);
    }

    /// <summary>The error text of a platform's JSON error body, whatever its shape.</summary>
    public static string Message(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body)
        {
            return "no details";
        }

        foreach (var name in (string[])["message", "detail", "error_description", "title"])
        {
            if (body.Text(name) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return body.TryGetProperty("error", out var error)
            ? error.ValueKind == JsonValueKind.String ? error.GetString()! : Message(error)
            : "no details";
    }
}
