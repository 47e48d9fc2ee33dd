using Azure.Data.Tables;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Storage;

/// <summary><c>GET /api/health</c>: whether the app can reach its storage.</summary>
public static class HealthApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Health", "GET", "health", Access.Anonymous, GetAsync) { Tag = "Health" },
    ];

    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> GetAsync(Tables tables, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in tables.Clients.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return TypedResults.Ok(new HealthStatus("healthy"));
        }
        catch (Azure.RequestFailedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is unreachable.", detail: e.Message);
        }
    }
}

/// <summary>The answer of a healthy app.</summary>
public sealed record HealthStatus(string Status);
