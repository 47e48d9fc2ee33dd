namespace KpiFunctions.App.Reports;

/// <summary>Registers the report scheduler, renderer, store and files, and the <c>RenderReport</c> job.</summary>
public static class ReportsFeature
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration("Reports");
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportScheduler>();
        services.AddSingleton<ReportFiles>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<RenderReportJob>();
        return services;
    }
}
