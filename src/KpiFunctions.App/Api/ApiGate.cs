using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace KpiFunctions.App.Api;

/// <summary>
/// What every API request passes before its handler runs, in both hosts: the caller is authenticated by its key,
/// the route's <see cref="Access"/> is checked, and for a route under <c>/clients/{clientId}</c> the client is
/// found (handlers take it as a <see cref="Client"/> parameter). A missing client and one the key may not read get
/// the same 404, so that a key cannot probe which client ids exist. It also keeps the rate limits
/// (<see cref="RequestLimits"/>), the body limits and the body's content types.
/// </summary>
public sealed class ApiGate(ApiKeyAuthenticator authenticator, RequestLimits limits, ClientStore clients, StorageReadiness storage)
{
    /// <summary>Null when the request may go on to its handler; otherwise the answer to send instead.</summary>
    public async Task<IResult?> AdmitAsync(HttpContext context, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        if (route.Body is not null)
        {
            if (context.Request.ContentLength > route.MaxBodyBytes)
            {
                return Refuse(BoundedBody.TooLarge(route.MaxBodyBytes));
            }

            context.Request.Body = new BoundedBody(context.Request.Body, route.MaxBodyBytes);
        }

        return await CheckCallerAsync(context, route) ?? UnsupportedBody(context.Request, route);
    }

    private async Task<IResult?> CheckCallerAsync(HttpContext context, ApiRoute route)
    {
        if (route.Access == Access.Anonymous)
        {
            return null;
        }

        if (!storage.IsReady)
        {
            return StorageOutage.Answer(context);
        }

        var cancellationToken = context.RequestAborted;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limits.FailuresExhausted(address) is { } blocked)
        {
            return TooMany(context, blocked, "Too many failed authentications from this address.");
        }

        if (await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, cancellationToken) is not { } caller)
        {
            if (limits.Failed(address) is { } wait)
            {
                return TooMany(context, wait, "Too many failed authentications from this address.");
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or unknown API key.",
                detail: "Send 'Authorization: Bearer <key>' with the admin key or a client key created with POST /api/v1/clients/{clientId}/keys.");
        }

        if (caller.KeyId is { } keyId && limits.ClientKeyRequest(keyId) is { } quota)
        {
            return TooMany(context, quota, "This key has used its requests for this minute.");
        }

        context.Features.Set(caller);
        if (route.Access == Access.Admin && !caller.IsAdmin)
        {
            return Forbidden("Creating and changing clients, goals, reports and keys needs the admin key.");
        }

        if (!route.IsClientScoped)
        {
            return null;
        }

        var clientId = context.Request.RouteValues[ApiRoute.ClientIdParameter] as string ?? "";
        if (!ClientRules.IsValidId(clientId) || !caller.CanRead(clientId))
        {
            return Problems.ClientNotFound(clientId);
        }

        if (route.Access == Access.ClientWrite && !caller.CanWriteTo(clientId))
        {
            return Forbidden("Pushing metrics needs the admin key or a client key created with canWrite: true.");
        }

        if (await clients.FindAsync(clientId, cancellationToken) is not { } client)
        {
            return Problems.ClientNotFound(clientId);
        }

        context.Features.Set(client);
        return null;
    }

    /// <summary>
    /// The answer to an exception a request met, when it has one of its own: storage unreachable (503) or a body that
    /// could not be read (413, 400); null for a bug (the host's 500).
    /// </summary>
    public static IResult? Answer(HttpContext context, Exception exception) => exception switch
    {
        BadHttpRequestException bad => Refuse(bad),
        _ when StorageOutage.Is(exception) => StorageOutage.Answer(context),
        _ => null,
    };

    /// <summary>
    /// The answer to a request the server could not read (a body over the limit, a broken one), in place of the 500 an
    /// unhandled <see cref="BadHttpRequestException"/> would give: problem details with its status.
    /// </summary>
    public static IResult Refuse(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TypedResults.Problem(
            statusCode: exception.StatusCode,
            title: exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : "The request could not be read.",
            detail: exception.Message);
    }

    // A body of a type the route does not read is 415, after the key was checked; a request without a body goes on to
    // the handler, which says what is missing.
    private static ProblemHttpResult? UnsupportedBody(HttpRequest request, ApiRoute route)
    {
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && (request.ContentType is not null || request.Headers.TransferEncoding.Count > 0));
        if (route.Body is null || !hasBody || IsAccepted(request.ContentType, route.BodyContentTypes))
        {
            return null;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported body type.",
            detail: $"Send 'Content-Type: {string.Join("' or '", route.BodyContentTypes)}', not '{request.ContentType}'.");
    }

    // application/json admits application/*+json, as the JSON readers do.
    private static bool IsAccepted(string? contentType, IReadOnlyList<string> accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        return accepted.Any(a => type.Equals(a, StringComparison.OrdinalIgnoreCase)
            || (a == "application/json" && type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    private static IResult TooMany(HttpContext context, TimeSpan wait, string title)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: $"Try again in {seconds} seconds.");
    }

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key may not do that.", detail: detail);
}
