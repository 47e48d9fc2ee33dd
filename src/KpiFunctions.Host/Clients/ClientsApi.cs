using KpiFunctions.Host.Auth;
using KpiFunctions.Host.Hosting;
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
