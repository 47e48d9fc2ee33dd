using System.Text;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// What the fakes of the platforms on standard OAuth 2.0 (LinkedIn, Pinterest) share: every request recorded, the
/// injected faults and delays, the bearer token, the app's Basic credentials.
/// </summary>
internal static class OAuth2Platforms
{
    /// <summary>Records every request of the group, with the API version <paramref name="version"/> reads from it.</summary>
    public static TBuilder Recorded<TBuilder>(this TBuilder builder, Func<HttpContext, string?> version)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var state = context.RequestServices.GetRequiredService<FakeMetaState>();
            state.Record(context, version(context));
            if (context.Request.HasFormContentType)
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }

            return await next(invocation);
        });

    /// <summary>Applies <c>FailNext</c> (answered by <paramref name="failure"/> in the platform's error shape) and <c>DelayNext</c>.</summary>
    public static TBuilder Faulty<TBuilder>(this TBuilder builder, Func<int, IResult> failure)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var state = context.RequestServices.GetRequiredService<FakeMetaState>();
            if (state.TakeFailure() is { } status)
            {
                return failure(status);
            }

            if (state.TakeDelay() is { } delay)
            {
                // Real time, not the fake's clock: the delay exists to make clients time out.
                await Task.Delay(delay, context.RequestAborted);
            }

            return await next(invocation);
        });

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? Bearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : null;

    /// <summary>The client id and secret of an <c>Authorization: Basic</c> header, or null.</summary>
    public static (string Id, string Secret)? Basic(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() is not { Length: > 6 } header || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A query parameter or form field (the form is read by <see cref="Recorded"/>).</summary>
    public static string? Param(HttpContext context, string name) => Graph.Param(context, name);

    /// <summary>
    /// The consent page's redirect with a code granted by <paramref name="owner"/> (and the state when sent), keeping the
    /// redirect URI's own query.
    /// </summary>
    public static IResult Consent(HttpContext context, FakeMetaState state, string? owner, Func<string, IResult> error)
    {
        var clientId = Param(context, "client_id");
        if (clientId != state.Options.AppId)
        {
            return error("The client_id is not the fake's AppId.");
        }

        if (Param(context, "redirect_uri") is not { } redirect || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return error("The redirect_uri must be an absolute URL.");
        }

        if (Param(context, "response_type") != "code")
        {
            return error("The response_type must be code.");
        }

        // Auto-consent: whoever is signed in grants every requested scope at once.
        var query = new Dictionary<string, string?> { ["code"] = state.NewCode(clientId, redirect, owner) };
        if (Param(context, "state") is { } s)
        {
            query["state"] = s;
        }

        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirect, query));
    }
}
