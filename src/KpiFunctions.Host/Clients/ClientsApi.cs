using KpiFunctions.Host.Auth;
using KpiFunctions.Host.Delivery;
using KpiFunctions.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.Host.Clients;

/// <summary><c>/api/v1/clients</c>: the agency's clients.</summary>
public static class ClientsApi
{
    /// <summary>Maps the client endpoints and returns the group <c>/clients/{clientId}</c> scoped to one client.</summary>
    public static RouteGroupBuilder MapClientsApi(this RouteGroupBuilder v1)
    {
        var clients = v1.MapGroup("/clients").WithTags("Clients");
        clients.MapPost("", CreateAsync).RequireAuthorization(Caller.AdminPolicy).WithName("CreateClient")
            .ProducesProblem(StatusCodes.Status409Conflict);
        clients.MapGet("", ListAsync).RequireAuthorization(Caller.AdminPolicy).WithName("ListClients");

        var client = clients.MapGroup("/{clientId}").AddEndpointFilter(OnlyOwnClient);
        client.MapGet("", GetAsync).WithName("GetClient");
        client.MapPatch("", PatchAsync)
            .RequireAuthorization(Caller.AdminPolicy)
            .Accepts<JsonElement>("application/merge-patch+json", "application/json")
            .WithName("UpdateClient")
            .WithSummary("Changes fields of a client (JSON merge patch): name, timeZone, currency, locale, cadence, recipients (replaces the list), kpiReviewMonths, kpiReviewedAt.");
        return client;
    }

    public static async Task<Results<Created<Client>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewClient body,
        ClientStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        body.Validate(validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem("The client has invalid fields.");
        }

        var client = new Client(body.Id!, body.Name!.Trim(), body.TimeZone!, body.Currency!, body.Locale!, time.GetUtcNow());
        if (!await store.TryAddAsync(client, cancellationToken))
        {
            // TypedResults.Problem, not Conflict(ProblemDetails): only it answers as application/problem+json.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Client exists.",
                detail: $"A client with id '{client.Id}' exists already; pick another id.");
        }

        return TypedResults.Created($"/api/v1/clients/{client.Id}", client);
    }

    public static async Task<Ok<IReadOnlyList<Client>>> ListAsync(ClientStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<Client>, ProblemHttpResult>> GetAsync(
        string clientId,
        ClientStore store,
        CancellationToken cancellationToken) =>
        await store.FindAsync(clientId, cancellationToken) is { } client
            ? TypedResults.Ok(client)
            : Problems.ClientNotFound(clientId);

    public static async Task<Results<Ok<Client>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        string clientId,
        HttpRequest request,
        ClientStore store,
        RecipientPolicy recipients,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        JsonElement patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            var validation = new Validation();
            validation.Add("body", $"Not valid JSON: {e.Message}");
            return validation.ToProblem("The patch is not valid JSON.");
        }

        // Read, patch, write only if nobody wrote in between; a lost race is retried on the fresh client.
        for (var attempt = 0; ; attempt++)
        {
            if (await store.FindVersionedAsync(clientId, cancellationToken) is not var (client, etag))
            {
                return Problems.ClientNotFound(clientId);
            }

            var validation = new Validation();
            var patched = ClientPatch.Apply(client, patch, client.LocalDate(time.GetUtcNow()), validation, recipients);
            if (patched is null)
            {
                return validation.ToProblem("The patch has invalid fields; nothing was changed.");
            }

            if (await store.TryReplaceAsync(patched, etag, cancellationToken))
            {
                return TypedResults.Ok(patched);
            }

            if (attempt == 2)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The client is being changed by someone else.",
                    detail: "Try the patch again.");
            }
        }
    }

    // A client key sees its own client only; any other client id answers exactly as a missing client does.
    private static async ValueTask<object?> OnlyOwnClient(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var clientId = context.HttpContext.GetRouteValue("clientId") as string ?? "";
        if (!ClientRules.IsValidId(clientId) || !context.HttpContext.User.CanRead(clientId))
        {
            return Problems.ClientNotFound(clientId);
        }

        return await next(context);
    }
}
