using System.Collections.Concurrent;
using KpiFunctions.App.Api;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace KpiFunctions.Functions;

/// <summary>
/// Runs an API route of the app for an HTTP function: the <see cref="ApiGate"/>, then the route's handler through the
/// same request delegate factory minimal APIs use, so parameters bind and results are written exactly as in the
/// standalone host. An unexpected exception answers 500 problem details, as the standalone host's exception handler does.
/// </summary>
public sealed partial class HttpRoutes(IServiceProvider services, ApiGate gate, ILogger<HttpRoutes> logger)
{
    private readonly ConcurrentDictionary<string, (RequestDelegate Handler, TemplateMatcher Matcher)> _routes = new(StringComparer.Ordinal);

    /// <summary>Answers <paramref name="request"/> with the route <paramref name="name"/>; the answer is written when this returns.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = ApiRoutes.Get(name);
        var (handler, matcher) = _routes.GetOrAdd(name, _ => Build(route));
        var context = request.HttpContext;

        // The Functions host's routing fills the route values; a caller that did not route (a test) gets them here.
        if (route.Pattern.Contains('{', StringComparison.Ordinal) && context.Request.RouteValues.Count == 0)
        {
            matcher.TryMatch(context.Request.Path, context.Request.RouteValues);
        }

        try
        {
            if (await gate.AdmitAsync(context, route) is { } refusal)
            {
                return refusal;
            }

            await handler(context);
            return Results.Empty;
        }
        catch (Exception e) when (!context.Response.HasStarted && ApiGate.Answer(context, e) is { } answer)
        {
            return answer;
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            LogUnhandled(logger, e, name);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "An error occurred while processing your request.");
        }
    }

    private (RequestDelegate, TemplateMatcher) Build(ApiRoute route)
    {
        var template = TemplateParser.Parse(route.Path);
        var options = new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = [.. template.Parameters.Select(p => p.Name!)],
        };
        return (RequestDelegateFactory.Create(route.Handler, options).RequestDelegate, new TemplateMatcher(template, new RouteValueDictionary()));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The HTTP function {Function} failed.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string function);
}
