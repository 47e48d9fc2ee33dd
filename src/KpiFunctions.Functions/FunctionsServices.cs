using Azure.Core.Serialization;
using KpiFunctions.App;
using KpiFunctions.App.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace KpiFunctions.Functions;

/// <summary>The Functions app's services: the application core and the HTTP runner. Program and the tests call this.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddFunctionsApp(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Queue messages are read and written with the app's one message format.
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(QueueMessages.Json));
        services.AddKpiFunctionsApp(configuration, environment);
        services.AddSingleton<HttpRoutes>();
        return services;
    }
}
