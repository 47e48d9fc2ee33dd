using Azure.Data.Tables;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Storage;

/// <summary><c>GET /api/health</c>: whether the app can reach its storage.</summary>
public static class HealthApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Health", "GET", "health", Access.Anonymous, GetAsync)
        {
            Tag = "Health",
            Summary = "Whether the app can reach its storage; needs no key, for load balancers and monitors.",
            Problems = [new(StatusCodes.Status503ServiceUnavailable, "Storage cannot be reached or is not set up yet; dependency names it.")],
            AnswerExample = new HealthStatus("healthy"),
        },
    ];

    /// <summary>200 when storage answers and is set up; otherwise 503 naming the dependency that fails.</summary>
    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> GetAsync(HttpContext context, Tables tables, StorageReadiness readiness, CancellationToken cancellationToken)
    {
        if (!readiness.IsReady)
        {
            return StorageOutage.Answer(context);
        }

        try
        {
            await foreach (var _ in tables.Clients.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return TypedResults.Ok(new HealthStatus("healthy"));
        }
        catch (Exception e) when (StorageOutage.Is(e))
        {
            return StorageOutage.Answer(context);
        }
    }
}

/// <summary>The answer of a healthy app.</summary>
public sealed record HealthStatus(string Status);
