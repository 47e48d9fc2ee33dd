using KpiFunctions.App.Http;
using KpiFunctions.Kpis.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Clients;

/// <summary><c>/api/v1/clients</c>: the agency's clients.</summary>
public static class ClientsApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateClient", "POST", "v1/clients", Access.Admin, CreateAsync)
        {
            Tag = "Clients",
            Summary = "Creates a client: its id, name, IANA time zone, ISO currency and locale.",
            Body = typeof(NewClient),
            Problems = [new(StatusCodes.Status409Conflict, "A client with this id exists already.")],
            BodyExamples = new Dictionary<string, object> { ["application/json"] = new NewClient("acme", "Acme Outdoor", "Europe/Stockholm", "SEK", "sv-SE") },
            AnswerExample = new Client("acme", "Acme Outdoor", "Europe/Stockholm", "SEK", "sv-SE", new DateTimeOffset(2026, 1, 12, 9, 30, 0, TimeSpan.Zero)),
        },
        new("ListClients", "GET", "v1/clients", Access.Admin, ListAsync) { Tag = "Clients", Summary = "Every client of the agency." },
        new("GetClient", "GET", "v1/clients/{clientId}", Access.ClientRead, Get)
        {
            Tag = "Clients",
            Summary = "One client, with its report cadence, recipients and when its KPI set is due for review.",
        },
        new("UpdateClient", "PATCH", "v1/clients/{clientId}", Access.Admin, PatchAsync)
        {
            Tag = "Clients",
            Body = typeof(ClientMergePatch),
            BodyContentTypes = ["application/merge-patch+json", "application/json"],
            Summary = "Changes fields of a client (JSON merge patch): name, timeZone, currency, locale, cadence, recipients (replaces the list), replyTo, reviewBeforeSending, report, kpiReviewMonths, kpiReviewedAt.",
            Problems = [new(StatusCodes.Status409Conflict, "Others changed the client at the same time, three times over: send the patch again.")],
            BodyExamples = new Dictionary<string, object>
            {
                ["application/merge-patch+json"] = new ClientMergePatch
                {
                    Cadence = new CadencePatch { Frequency = ReportFrequency.Monthly, SendTime = "08:00", DelayDays = 2, Compare = "previous_calendar" },
                    Recipients = [new RecipientPatch("cmo@acme.example", "Kim"), new RecipientPatch("team@acme.example")],
                },
            },
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
