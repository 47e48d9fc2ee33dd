using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace KpiFunctions.FakePlatforms;

/// <summary>The consent redirect and the client authentication that X's and Google's OAuth 2.0 endpoints share in the fake.</summary>
internal static class OAuth2Fake
{
    /// <summary>The control endpoints of refresh tokens: issue one as a consent would, see whether one is live, revoke one.</summary>
    public static void MapRefreshTokens(this WebApplication app)
    {
        var tokens = app.MapGroup("/_fake/refresh-tokens");
        tokens.MapPost("/", (RefreshTokenBody body, FakeMetaState state) =>
        {
            try
            {
                return Results.Ok(new { refreshToken = FakeMeta.IssueRefreshToken(state, body.Platform) });
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        tokens.MapGet("/{token}", (string token, FakeMetaState state) => Results.Ok(new { live = state.IsRefreshTokenLive(token) }));
        tokens.MapDelete("/{token}", (string token, FakeMetaState state) =>
        {
            state.RevokeRefreshToken(token);
            return Results.NoContent();
        });
    }

    /// <summary>
    /// Auto-consent: checks the client and the redirect address, keeps the scope and PKCE challenge with a new code and
    /// answers <c>302 {redirect_uri}?code=…&amp;state=…</c>; <paramref name="error"/> builds the platform's error answer.
    /// </summary>
    public static IResult Consent(HttpContext context, FakeMetaState state, string platform, bool offline, bool requirePkce, Func<string, string, IResult> error)
    {
        var query = context.Request.Query;
        var clientId = query["client_id"].ToString();
        if (clientId != state.Options.AppId)
        {
            return error("invalid_client", "The OAuth client was not found: client_id is not the fake's AppId.");
        }

        if (!Uri.TryCreate(query["redirect_uri"].ToString(), UriKind.Absolute, out _))
        {
            return error("invalid_request", "Missing or invalid redirect_uri: it must be an absolute URL.");
        }

        if (query["response_type"].ToString() != "code")
        {
            return error("unsupported_response_type", "response_type must be code.");
        }

        var challenge = query["code_challenge"].ToString();
        var method = query["code_challenge_method"].ToString();
        if ((requirePkce && challenge.Length == 0) || (challenge.Length > 0 && method is not ("S256" or "plain")))
        {
            return error("invalid_request", "A PKCE code_challenge with code_challenge_method S256 (or plain) is required.");
        }

        var redirect = query["redirect_uri"].ToString();
        var code = state.NewCode(clientId, redirect);
        state.SaveGrant(code, new OAuthGrant(platform, query["scope"].ToString(), offline, challenge.Length > 0 ? challenge : null, method));
        var back = new Dictionary<string, string?> { ["code"] = code };
        if (query["state"].ToString() is { Length: > 0 } s)
        {
            back["state"] = s;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirect, back));
    }

    /// <summary>The client's id and secret: HTTP Basic auth, else the form's <c>client_id</c> and <c>client_secret</c>.</summary>
    public static (string? Id, string? Secret) Client(HttpContext context, IFormCollection form)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (pair, null) : (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (Field(form, "client_id"), Field(form, "client_secret"));
    }

    public static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>The bearer token of the request, if any.</summary>
    public static string? Bearer(HttpContext context) =>
        context.Request.Headers[HeaderNames.Authorization].ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : null;

    internal sealed record RefreshTokenBody(string Platform);
}
