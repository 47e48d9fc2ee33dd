using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Jobs;

/// <summary>
/// Runs the WebJobs SDK (the timers and queues of <see cref="StandaloneFunctions"/>) as a host of its own inside the
/// web app, and builds and starts it again whenever it fails. The SDK's listeners stop for good when storage is
/// unreachable longer than the storage client's retries (its default handler even ends the process); here the web app
/// keeps serving, and the engine comes back with backoff (1 s to 30 s) once storage answers again. It also lets the web
/// app start while storage is down. The functions are created from the web app's services, as a Functions worker's are.
/// </summary>
public sealed partial class TriggerEngine(
    IServiceProvider app,
    IConfiguration configuration,
    IOptions<SchedulerOptions> options,
    ILoggerFactory loggers,
    ILogger<TriggerEngine> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The running engine's services (its queue options, say); null while it is not running.</summary>
    public IServiceProvider? Services { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not on the startup path: the host listens first.
        await Task.Yield();
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
            var engine = Build(failure);
            Exception? error;
            try
            {
                await engine.StartAsync(stoppingToken);
                Services = engine.Services;
                backoff = TimeSpan.FromSeconds(1);
                LogStarted(logger);
                error = await failure.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                error = null;
            }
            catch (Exception e)
            {
                error = e;
            }

            Services = null;
            await StopQuietlyAsync(engine);

            if (error is null || stoppingToken.IsCancellationRequested)
            {
                return;
            }

            LogFailed(logger, error, backoff.TotalSeconds);
            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    private IHost Build(TaskCompletionSource<Exception> failure) =>
        new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddConfiguration(configuration))
            .ConfigureServices(services => services.AddSingleton(loggers).AddSingleton<IHostLifetime, EngineLifetime>())
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId(options.Value.HostId);
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageQueues();
                webJobs.AddTimers();
            })
            .ConfigureServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton(app.GetRequiredService<ITypeLocator>()));
                services.Replace(ServiceDescriptor.Singleton<IJobActivator>(new AppServicesActivator(app)));
                services.Replace(ServiceDescriptor.Singleton<INameResolver>(app.GetRequiredService<QueueNameResolver>()));
                services.Replace(ServiceDescriptor.Singleton<ScheduleMonitor, BlobScheduleMonitor>());
                // Listeners get their handler from the factory (the storage extensions ask it directly).
                var handler = new ReportFailure(failure);
                services.Replace(ServiceDescriptor.Singleton<IWebJobsExceptionHandler>(handler));
                services.Replace(ServiceDescriptor.Singleton<IWebJobsExceptionHandlerFactory>(handler));
            })
            .Build();

    // A listener that failed may fail again while stopping or disposing ("The timer has already been stopped"): the
    // engine is rebuilt anyway, and nothing of it may stop the web app.
    private async Task StopQuietlyAsync(IHost engine)
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await engine.StopAsync(stopping.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStopFailed(logger, e);
        }

        try
        {
            engine.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStopFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The trigger engine (timers and queues) is running.")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trigger engine stopped (storage unreachable?); it starts again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The stopped trigger engine failed while shutting down.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);

    /// <summary>The engine starts and stops with the web app: no console or signal handling of its own.</summary>
    private sealed class EngineLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Creates the functions from the web app's services.</summary>
    private sealed class AppServicesActivator(IServiceProvider services) : IJobActivator
    {
        public T CreateInstance<T>() => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);
    }

    /// <summary>An unhandled error of a listener ends this engine (not the process): the supervisor builds a new one.</summary>
    private sealed class ReportFailure(TaskCompletionSource<Exception> failure) : IWebJobsExceptionHandler, IWebJobsExceptionHandlerFactory
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) => this;

        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
            OnUnhandledExceptionAsync(exceptionInfo);

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            ArgumentNullException.ThrowIfNull(exceptionInfo);
            failure.TrySetResult(exceptionInfo.SourceException);
            return Task.CompletedTask;
        }
    }
}
