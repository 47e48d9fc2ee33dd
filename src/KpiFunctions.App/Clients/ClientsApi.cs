using System.Text.Json;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Clients;

/// <summary><c>/api/v1/clients</c>: the agency's clients.</summary>
public static class ClientsApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateClient", "POST", "v1/clients", Access.Admin, CreateAsync) { Tag = "Clients", Body = typeof(NewClient) },
        new("ListClients", "GET", "v1/clients", Access.Admin, ListAsync) { Tag = "Clients" },
        new("GetClient", "GET", "v1/clients/{clientId}", Access.ClientRead, Get) { Tag = "Clients" },
        new("UpdateClient", "PATCH", "v1/clients/{clientId}", Access.Admin, PatchAsync)
        {
            Tag = "Clients",
            Body = typeof(JsonElement),
            BodyContentTypes = ["application/merge-patch+json", "application/json"],
            Summary = "Changes fields of a client (JSON merge patch): name, timeZone, currency, locale, cadence, recipients (replaces the list), replyTo, reviewBeforeSending, report, kpiReviewMonths, kpiReviewedAt.",
        },
    ];

    public static async Task<Results<Created<Client>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        ClientStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var body = await JsonBody.ReadAsync<NewClient>(request, validation, cancellationToken);
        body?.Validate(validation);
        if (!validation.IsValid || body is null)
        {
            return validation.ToProblem("The client has invalid fields.");
        }

        var client = new Client(body.Id!, body.Name!.Trim(), body.TimeZone!, body.Currency!, body.Locale!, time.GetUtcNow())
        {
            ReplyTo = EmailAddress.Normalize(body.ReplyTo, out _),
        };
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

    public static Ok<Client> Get(Client client) => TypedResults.Ok(client);

    public static async Task<Results<Ok<Client>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Client client,
        HttpRequest request,
        ClientStore store,
        RecipientPolicy recipients,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (await JsonBody.ReadElementAsync(request, validation, cancellationToken) is not { } patch)
        {
            return validation.ToProblem("The patch is not valid JSON.");
        }

        // Read, patch, write only if nobody wrote in between; a lost race is retried on the fresh client.
        for (var attempt = 0; ; attempt++)
        {
            if (await store.FindVersionedAsync(client.Id, cancellationToken) is not var (current, etag))
            {
                return Problems.ClientNotFound(client.Id);
            }

            var patched = ClientPatch.Apply(current, patch, current.LocalDate(time.GetUtcNow()), validation, recipients);
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
}
