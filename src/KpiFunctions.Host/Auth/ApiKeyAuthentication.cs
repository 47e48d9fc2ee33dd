using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> with the admin key or a client key, and answers
/// 401 and 403 as problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <key>'.");
        }

        var presented = header["Bearer ".Length..].Trim();
        if (authOptions.Value.AdminKey is { Length: > 0 } admin && ApiKeyFormat.SecretsEqual(presented, admin))
        {
            return Success(new Claim(ClaimTypes.Role, Caller.AdminRole));
        }

        if (ApiKeyFormat.TryParse(presented, out var id, out var secret)
            && await keys.FindAsync(id, Context.RequestAborted) is { } key
            && ApiKeyFormat.HashMatches(secret, key.SecretHash))
        {
            return Success(
                new Claim(Caller.ClientIdClaim, key.ClientId),
                new Claim(Caller.CanWriteClaim, key.CanWrite ? "true" : "false"),
                new Claim(Caller.KeyIdClaim, key.Id));
        }

        return AuthenticateResult.Fail("Unknown or revoked key.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Missing or unknown API key.",
            "Send 'Authorization: Bearer <key>' with the admin key or a client key created with POST /api/v1/clients/{clientId}/keys.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "This key may not do that.",
            "Creating clients and keys needs the admin key; pushing metrics needs a client key created with canWrite: true.");

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Who is calling: the admin, or a client key scoped to one client.</summary>
public static class Caller
{
    public const string AdminRole = "admin";
    public const string AdminPolicy = "admin";
    public const string ClientIdClaim = "kf:client";
    public const string CanWriteClaim = "kf:canWrite";
    public const string KeyIdClaim = "kf:key";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);

    /// <summary>True when the caller may read <paramref name="clientId"/>'s data.</summary>
    public static bool CanRead(this ClaimsPrincipal user, string clientId) =>
        user.IsAdmin() || user.FindFirstValue(ClientIdClaim) == clientId;

    /// <summary>True when the caller may push <paramref name="clientId"/>'s metrics.</summary>
    public static bool CanWrite(this ClaimsPrincipal user, string clientId) =>
        user.IsAdmin() || (user.CanRead(clientId) && user.FindFirstValue(CanWriteClaim) == "true");
}
