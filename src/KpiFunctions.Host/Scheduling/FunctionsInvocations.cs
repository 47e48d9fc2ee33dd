using System.Text.Json;

namespace KpiFunctions.Host.Scheduling;

/// <summary>
/// The custom-handler side of non-HTTP triggers: the Functions host POSTs <c>/{FunctionName}</c> with
/// <c>{"Data": {...}, "Metadata": {...}}</c> and reads <c>{"Outputs", "Logs", "ReturnValue"}</c> back; any other
/// status than 2xx fails the invocation.
/// </summary>
internal static class FunctionsInvocations
{
    private const string TimerBinding = "timer";
    private const string QueueBinding = "message";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static void MapFunctionInvocations(this IEndpointRouteBuilder app)
    {
        foreach (var function in app.ServiceProvider.GetServices<IQueueFunction>())
        {
            app.MapPost($"/{function.Name}", async (HttpRequest request, IEnumerable<IQueueFunction> all, CancellationToken cancellationToken) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                var (message, dequeueCount) = ReadQueueMessage(body.RootElement);
                await all.Single(f => f.Name == function.Name).RunAsync(message, dequeueCount, cancellationToken);
                return TypedResults.Json(new InvocationResult(new Dictionary<string, object>(), [], null), Json);
            }).ExcludeFromDescription();
        }

        foreach (var function in app.ServiceProvider.GetServices<ITimerFunction>())
        {
            app.MapPost($"/{function.Name}", async (HttpRequest request, IEnumerable<ITimerFunction> all, CancellationToken cancellationToken) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                var timer = ReadTimer(body.RootElement);
                await all.Single(f => f.Name == function.Name).RunAsync(timer, cancellationToken);
                // The Functions host reads this answer with PascalCase names.
                return TypedResults.Json(new InvocationResult(new Dictionary<string, object>(), [], null), Json);
            }).ExcludeFromDescription();
        }
    }

    private sealed record InvocationResult(Dictionary<string, object> Outputs, string[] Logs, object? ReturnValue);

    /// <summary>
    /// Reads <c>Data.message</c> (a queue message: an object, or a string that may be JSON-encoded once more) and
    /// <c>Metadata.DequeueCount</c>.
    /// </summary>
    public static (string Message, long DequeueCount) ReadQueueMessage(JsonElement invocation)
    {
        var message = invocation.GetProperty("Data").GetProperty(QueueBinding);
        var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
        if (text.StartsWith('"'))
        {
            text = JsonSerializer.Deserialize<string>(text)!;
        }

        var dequeueCount = invocation.TryGetProperty("Metadata", out var metadata)
            && metadata.TryGetProperty("DequeueCount", out var count) && count.TryGetInt64(out var n) ? n : 1;
        return (text, dequeueCount);
    }

    /// <summary>
    /// Reads the TimerInfo of <c>Data.timer</c>, which may arrive as an object or as that object JSON-encoded
    /// into a string.
    /// </summary>
    public static TimerInfo ReadTimer(JsonElement invocation)
    {
        if (!invocation.TryGetProperty("Data", out var data) || !data.TryGetProperty(TimerBinding, out var timer))
        {
            return new TimerInfo(null, IsPastDue: false);
        }

        return timer.ValueKind == JsonValueKind.String
            ? JsonSerializer.Deserialize<TimerInfo>(timer.GetString()!, Json) ?? new TimerInfo(null, false)
            : timer.Deserialize<TimerInfo>(Json) ?? new TimerInfo(null, false);
    }
}
