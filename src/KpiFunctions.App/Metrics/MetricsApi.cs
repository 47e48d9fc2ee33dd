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
            BodyExamples = new Dictionary<string, object>
            {
                ["application/json"] = new
                {
                    rows = new object[]
                    {
                        new { date = "2026-05-01", accountId = "fb-main", platform = "facebook", impressions = 5400, reach = 3900, likes = 120, comments = 14, shares = 9 },
                        new { date = "2026-05-01", accountId = "ads", platform = "meta_ads", spend = 85.5, paid_impressions = 21000, paid_clicks = 310, conversions = 12 },
                    },
                },
                ["text/csv"] = "date,accountId,platform,impressions,reach,likes\r\n2026-05-01,fb-main,facebook,5400,3900,120\r\n2026-05-02,fb-main,facebook,6100,4200,\r\n",
            },
            AnswerExample = new PushResult(2),
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

/// <summary>
/// The body of a push, as the OpenAPI document shows it: JSON <c>{"rows": [...]}</c>, or CSV with a header line naming the
/// same fields (date, accountId, platform and metrics, in any order) and one line per row; an empty cell is a metric not
/// known that day. At most 10,000 rows; each account and day once.
/// </summary>
public sealed record MetricsPush(IReadOnlyList<MetricRow> Rows);

/// <summary>One account's metrics of one day: the metrics of the catalog (KPIS.md), each a number from 0, counts whole; left out or null when not known.</summary>
/// <param name="Date">The day, on the platform's clock.</param>
/// <param name="AccountId">The account, as the agency names it; an account belongs to one platform.</param>
/// <param name="Platform">The platform id.</param>
public sealed record MetricRow(DateOnly Date, string AccountId, string Platform);
