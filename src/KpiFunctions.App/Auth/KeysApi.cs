using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Auth;

/// <summary><c>/api/v1/clients/{clientId}/keys</c>: client keys, managed with the admin key.</summary>
public static class KeysApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateKey", "POST", "v1/clients/{clientId}/keys", Access.Admin, CreateAsync)
        {
            Tag = "Keys",
            Summary = "Creates a key of the client, read-only or with canWrite (push metrics); the answer shows the key this once.",
            Body = typeof(NewKey),
        },
        new("ListKeys", "GET", "v1/clients/{clientId}/keys", Access.Admin, ListAsync) { Tag = "Keys", Summary = "The client's keys, without their secrets." },
        new("RevokeKey", "DELETE", "v1/clients/{clientId}/keys/{keyId}", Access.Admin, RevokeAsync)
        {
            Tag = "Keys",
            Summary = "Revokes a key: it stops working at once.",
            Problems = [new(StatusCodes.Status404NotFound, "Or the client has no such key.")],
        },
    ];

    public static async Task<Results<Created<CreatedKey>, ValidationProblem>> CreateAsync(
        Client client,
        HttpRequest request,
        ApiKeyStore keys,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var body = await JsonBody.ReadAsync<NewKey>(request, validation, cancellationToken);
        if (body is not null && (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100))
        {
            validation.Add("name", "Required: 1 to 100 characters that say who uses the key.");
        }

        if (!validation.IsValid || body is null)
        {
            return validation.ToProblem("The key has invalid fields.");
        }

        var (id, secret, key) = ApiKeyFormat.Generate();
        var stored = new ApiKey(id, client.Id, body.Name!.Trim(), body.CanWrite, ApiKeyFormat.Hash(secret), time.GetUtcNow());
        await keys.AddAsync(stored, cancellationToken);
        return TypedResults.Created(
            $"/api/v1/clients/{client.Id}/keys/{id}",
            new CreatedKey(id, stored.Name, stored.CanWrite, stored.CreatedAt, key));
    }

    public static async Task<Ok<List<KeyInfo>>> ListAsync(Client client, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(client.Id, cancellationToken))
            .Select(k => new KeyInfo(k.Id, k.Name, k.CanWrite, k.CreatedAt))
            .ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Client client,
        string keyId,
        ApiKeyStore keys,
        CancellationToken cancellationToken)
    {
        return ApiKeyFormat.IsId(keyId) && await keys.DeleteAsync(client.Id, keyId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Key not found.",
                detail: $"Client '{client.Id}' has no key '{keyId}'.");
    }
}

/// <summary>The body of <c>POST .../keys</c>.</summary>
/// <param name="Name">Who uses the key, 1 to 100 characters.</param>
/// <param name="CanWrite">Whether the key may push metrics (default false: read-only).</param>
public sealed record NewKey(string Name, bool CanWrite = false);

/// <summary>A key as listed: never its secret.</summary>
public sealed record KeyInfo(string Id, string Name, bool CanWrite, DateTimeOffset CreatedAt);

/// <summary>A new key: <see cref="Key"/> is shown this once and stored only hashed.</summary>
public sealed record CreatedKey(string Id, string Name, bool CanWrite, DateTimeOffset CreatedAt, string Key);
