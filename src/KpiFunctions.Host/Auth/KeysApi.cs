using KpiFunctions.Host.Clients;
using KpiFunctions.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.Host.Auth;

/// <summary><c>/api/v1/clients/{clientId}/keys</c>: client keys, managed with the admin key.</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder client)
    {
        var keys = client.MapGroup("/keys").RequireAuthorization(Caller.AdminPolicy).WithTags("Keys");
        keys.MapPost("", CreateAsync).WithName("CreateKey");
        keys.MapGet("", ListAsync).WithName("ListKeys");
        keys.MapDelete("/{keyId}", RevokeAsync).WithName("RevokeKey");
        return client;
    }

    public static async Task<Results<Created<CreatedKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string clientId,
        NewKey body,
        ClientStore clients,
        ApiKeyStore keys,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            var validation = new Validation();
            validation.Add("name", "Required: 1 to 100 characters that say who uses the key.");
            return validation.ToProblem("The key has invalid fields.");
        }

        if (await clients.FindAsync(clientId, cancellationToken) is null)
        {
            return Problems.ClientNotFound(clientId);
        }

        var (id, secret, key) = ApiKeyFormat.Generate();
        var stored = new ApiKey(id, clientId, body.Name.Trim(), body.CanWrite, ApiKeyFormat.Hash(secret), time.GetUtcNow());
        await keys.AddAsync(stored, cancellationToken);
        return TypedResults.Created(
            $"/api/v1/clients/{clientId}/keys/{id}",
            new CreatedKey(id, stored.Name, stored.CanWrite, stored.CreatedAt, key));
    }

    public static async Task<Ok<List<KeyInfo>>> ListAsync(string clientId, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(clientId, cancellationToken))
            .Select(k => new KeyInfo(k.Id, k.Name, k.CanWrite, k.CreatedAt))
            .ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string clientId,
        string keyId,
        ApiKeyStore keys,
        CancellationToken cancellationToken)
    {
        return ApiKeyFormat.IsId(keyId) && await keys.DeleteAsync(clientId, keyId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Key not found.",
                detail: $"Client '{clientId}' has no key '{keyId}'.");
    }
}

/// <summary>The body of <c>POST .../keys</c>.</summary>
public sealed record NewKey(string? Name, bool CanWrite);

/// <summary>A key as listed: never its secret.</summary>
public sealed record KeyInfo(string Id, string Name, bool CanWrite, DateTimeOffset CreatedAt);

/// <summary>A new key: <see cref="Key"/> is shown this once and stored only hashed.</summary>
public sealed record CreatedKey(string Id, string Name, bool CanWrite, DateTimeOffset CreatedAt, string Key);
