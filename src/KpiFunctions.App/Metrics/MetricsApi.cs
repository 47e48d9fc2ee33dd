using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Metrics;

/// <summary><c>POST /api/v1/clients/{clientId}/metrics</c>: daily metric rows in, as JSON or CSV.</summary>
public static class MetricsApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("PushMetrics", "POST", "v1/clients/{clientId}/metrics", Access.ClientWrite, PushAsync)
        {
            Tag = "Metrics",
            Body = typeof(MetricsPush),
            BodyContentTypes = ["application/json", "text/csv"],
            MaxBodyBytes = 24 * 1024 * 1024, // read as a stream, row by row; 10,000 rows of every metric fit
            Summary = "Push daily metric rows (JSON or CSV). All rows are written, or none.",
        },
    ];

    /// <summary>Validates every row first; writes only when no row has a problem.</summary>
    public static async Task<Results<Ok<PushResult>, ValidationProblem, ProblemHttpResult>> PushAsync(
        Client client,
        HttpRequest request,
        MetricStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Platforms report calendar days in their own zones: the latest day anywhere is tomorrow in UTC.
        var latest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1);
        var rows = new MetricRows(new Validation(), latest);
        if (MetricsBody.IsJson(request.ContentType))
        {
            await MetricsBody.ReadJsonAsync(request.Body, rows, cancellationToken);
        }
        else if (MetricsBody.IsCsv(request.ContentType))
        {
            await MetricsBody.ReadCsvAsync(request.Body, rows, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body type.",
                detail: $"Send 'Content-Type: application/json' or 'Content-Type: text/csv', not '{request.ContentType}'.");
        }

        var knownAccounts = await store.AccountPlatformsAsync(client.Id, cancellationToken);
        rows.CheckStoredPlatforms(knownAccounts);
        if (!rows.Validation.IsValid)
        {
            return rows.Validation.ToProblem("The push has invalid rows; nothing was written.");
        }

        await store.WriteAsync(client.Id, rows.Rows, knownAccounts, cancellationToken);
        return TypedResults.Ok(new PushResult(rows.Rows.Count));
    }
}

/// <summary>The answer to a push.</summary>
public sealed record PushResult(int RowsWritten);

/// <summary>The JSON body of a push: rows of <c>date</c>, <c>accountId</c>, <c>platform</c> and metric values.</summary>
public sealed record MetricsPush(IReadOnlyList<Dictionary<string, object>> Rows);
