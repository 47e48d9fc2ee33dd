namespace KpiFunctions.App.Metrics;

/// <summary>Registers the metric store.</summary>
public static class MetricsFeature
{
    public static IServiceCollection AddMetricStore(this IServiceCollection services) => services.AddSingleton<MetricStore>();
}
