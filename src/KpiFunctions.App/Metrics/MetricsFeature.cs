namespace KpiFunctions.App.Metrics;

/// <summary>Registers the metric store and the posts fetched from the platforms.</summary>
public static class MetricsFeature
{
    public static IServiceCollection AddMetricStore(this IServiceCollection services) =>
        services.AddSingleton<MetricStore>().AddSingleton<PostStore>();
}
