using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Storage;

/// <summary>
/// Storage that cannot be reached (down, or answering 5xx) as the storage SDK reports it once its retries are used up:
/// a <see cref="RequestFailedException"/> without a status or with a 5xx, an <see cref="AggregateException"/> of those
/// ("Retry failed after 6 tries"), or the network error underneath. Both hosts answer it 503 with Retry-After instead
/// of 500: the request may work in a moment, and nothing was lost.
/// </summary>
public static class StorageOutage
{
    /// <summary>How long a caller is asked to wait.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>True when <paramref name="exception"/> says storage is unreachable (not that a request was wrong).</summary>
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or >= 500 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        HttpRequestException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The answer to a request that met an outage (or came before the storage was ready).</summary>
    public static ProblemHttpResult Answer(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage is unavailable.",
            detail: "The app cannot reach its storage right now; nothing of this request was saved. Try again shortly.",
            extensions: new Dictionary<string, object?> { ["dependency"] = "storage" });
    }
}
