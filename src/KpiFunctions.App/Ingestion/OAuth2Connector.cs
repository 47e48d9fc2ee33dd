using KpiFunctions.Kpis;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// What the connectors on standard OAuth 2.0 share (LinkedIn, X, YouTube, Pinterest): the consent URL with PKCE (S256),
/// the code exchange and the refresh at the platform's token endpoint, with the app's credentials in the form or as
/// Basic auth. A platform states its endpoints; it fetches its own way.
/// </summary>
public abstract class OAuth2Connector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time) : IPlatformConnector
{
    public abstract string Platform { get; }

    public abstract string DisplayName { get; }

    public PlatformOptions Options => options.Get(Platform);

    public abstract int ChunkDays { get; }

    /// <summary>The consent page, relative to <see cref="PlatformOptions.AuthorizeBaseUrl"/>.</summary>
    protected abstract string AuthorizePath { get; }

    /// <summary>The token endpoint, relative to <see cref="PlatformOptions.BaseUrl"/> (or absolute).</summary>
    protected abstract string TokenPath { get; }

    /// <summary>True when the platform wants the app's credentials as Basic auth (X, Pinterest), not in the form.</summary>
    protected virtual bool BasicAuth => false;

    /// <summary>Extra parameters of the consent page (Google: <c>access_type=offline</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> AuthorizeExtras => new Dictionary<string, string?>();

    /// <summary>Extra fields of a refresh request (Pinterest: <c>refresh_on=true</c>, for a rotated refresh token).</summary>
    protected virtual IReadOnlyDictionary<string, string?> RefreshExtras => new Dictionary<string, string?>();

    protected TimeProvider Time => time;

    /// <summary>A client for this platform's API, reading errors with <paramref name="classify"/> first.</summary>
    protected PlatformHttp Http(Func<HttpResponseMessage, System.Text.Json.JsonElement?, Exception?>? classify = null) =>
        new(clients.CreateClient(IngestionFeature.HttpClientName), DisplayName, time, classify);

    /// <summary>An address under the API's base: <c>{BaseUrl}/{path}?{query}</c>.</summary>
    protected Uri Url(string path, IReadOnlyDictionary<string, string?>? query = null) =>
        new(QueryHelpers.AddQueryString(path.StartsWith("http", StringComparison.Ordinal) ? path : $"{Options.BaseUrl.TrimEnd('/')}/{path.TrimStart('/')}", query ?? new Dictionary<string, string?>()));

    public Uri AuthorizeUrl(string state, string redirectUri, string codeChallenge)
    {
        var query = new Dictionary<string, string?>(AuthorizeExtras)
        {
            ["response_type"] = "code",
            ["client_id"] = Options.AppId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = Options.Scopes,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        return new Uri(QueryHelpers.AddQueryString($"{Options.AuthorizeBaseUrl.TrimEnd('/')}/{AuthorizePath.TrimStart('/')}", query));
    }

    public virtual async Task<PlatformTokens> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        await Http().TokenAsync(Url(TokenPath), Form(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = codeVerifier,
        }), Credentials, cancellationToken)
        ?? throw new TokenRejectedException($"{DisplayName} gave no access token for the code.");

    public virtual async Task<PlatformTokens?> RefreshAsync(PlatformTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.RefreshToken is not { Length: > 0 } refresh)
        {
            return null;
        }

        return await Http().TokenAsync(Url(TokenPath), Form(new(RefreshExtras)
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refresh,
        }), Credentials, cancellationToken);
    }

    public abstract Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken);

    public abstract Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken);

    private (string, string)? Credentials => BasicAuth ? (Options.AppId ?? string.Empty, Options.AppSecret ?? string.Empty) : null;

    private Dictionary<string, string?> Form(Dictionary<string, string?> form)
    {
        if (!BasicAuth)
        {
            form["client_id"] = Options.AppId;
            form["client_secret"] = Options.AppSecret;
        }

        return form;
    }
}
