using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core.Serialization;
using KpiFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Functions.Tests;

/// <summary>
/// The Functions app's services exactly as its Program registers them (<see cref="FunctionsServices.AddFunctionsApp"/>),
/// in a generic host without the Functions host, on the shared Azurite with tables of its own and a MailDev of its own;
/// the clock is fake. Function classes are created from it as the worker creates them, and called directly.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    public const string FromAddress = "reports@functions.example";

    private IHost? _host;

    public string AdminKey { get; } = "admin-" + Guid.NewGuid().ToString("N");

    public string Prefix { get; } = "f" + Guid.NewGuid().ToString("N")[..12];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));

    public string StorageConnectionString { get; private set; } = "";

    public MailDev Mail { get; private set; } = null!;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        StorageConnectionString = (await SharedAzurite.GetAsync()).ConnectionString;
        Mail = await MailDev.StartAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = StorageConnectionString,
            ["Auth:AdminKey"] = AdminKey,
            ["Reports:LinkSecret"] = "links-" + Guid.NewGuid().ToString("N"),
            ["Tokens:Keys:k1"] = "tokens-" + Guid.NewGuid().ToString("N"),
            ["Storage:Prefix"] = Prefix,
            ["ReportSchedule"] = "0 */5 * * * *",
            ["IngestSchedule"] = "0 5 * * * *",
            // Every request here comes from no address: the failed-key tests of every route must not share one small budget.
            ["Auth:FailedAttemptsPerMinute"] = "1000",
            ["Reports:AgencyName"] = "Functions Agency",
            ["Delivery:FromAddress"] = FromAddress,
        });
        builder.Configuration.AddInMemoryCollection(Mail.DeliverySettings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddFunctionsApp(builder.Configuration, builder.Environment);
        _host = builder.Build();
        await _host.StartAsync();
        await StorageReady.WaitAsync(_host.Services);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await Mail.DisposeAsync();
    }

    /// <summary>A function class as the worker makes it: constructed from the app's services.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>Serializes a queue message as the worker's output binding does.</summary>
    public string SerializeMessage(object message) =>
        Encoding.UTF8.GetString(Serializer.Serialize(message, message.GetType(), CancellationToken.None)!.ToArray());

    /// <summary>Reads a queue message as the worker's trigger binding does.</summary>
    public T DeserializeMessage<T>(string text) =>
        (T)Serializer.Deserialize(new MemoryStream(Encoding.UTF8.GetBytes(text)), typeof(T), CancellationToken.None)!;

    private ObjectSerializer Serializer => Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;

    /// <summary>
    /// A request as the Functions host hands it to the worker: a real <see cref="HttpContext"/> with the app's
    /// request services, <paramref name="key"/> as bearer key and <paramref name="json"/> as body.
    /// </summary>
    public HttpRequest Request(string method, string pathAndQuery, string? key = null, string? json = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext { RequestServices = Services.CreateScope().ServiceProvider };
        var parts = pathAndQuery.Split('?', 2);
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("kpifunctions.example");
        context.Request.Path = parts[0];
        context.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        if (key is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {key}";
        }

        if (json is not null)
        {
            var body = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentType = contentType;
            context.Request.ContentLength = body.Length;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Writes a function's answer to its request's response, as the worker does, and reads it back.</summary>
    public static async Task<Answer> AnswerAsync(HttpRequest request, IResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Answer(context.Response.StatusCode, context.Response.ContentType, text);
    }
}

/// <summary>An HTTP answer as the client would see it.</summary>
public sealed record Answer(int Status, string? ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("Empty body.");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Status} {ContentType}: {Body}");
}
