namespace KpiFunctions.App.Reports;

/// <summary>Registers the report scheduler, renderer, store and files, and the <c>RenderReport</c> job.</summary>
public static class ReportsFeature
{
    /// <summary>Registers reports; throws <see cref="StartupException"/> without a link-signing key outside development.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ConfiguredSecrets.Check(configuration, environment, "Reports:LinkSecret", "key that signs report download links");
        services.AddOptions<ReportOptions>().BindConfiguration("Reports");
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportScheduler>();
        services.AddSingleton<ReportFiles>();
        services.AddSingleton<CommentaryStore>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<RenderReportJob>();
        return services;
    }
}
