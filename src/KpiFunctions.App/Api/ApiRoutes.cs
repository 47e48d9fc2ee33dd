using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Goals;
using KpiFunctions.App.Http;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Kpis;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Api;

/// <summary>Every route of the HTTP API, from each feature's own table.</summary>
public static class ApiRoutes
{
    /// <summary>The OpenAPI document's route: served by each host its own way, not a handler of the app.</summary>
    public const string OpenApiPattern = "openapi/{documentName}.json";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        .. HealthApi.Routes,
        .. ClientsApi.Routes,
        .. MetricsApi.Routes,
        .. KpisApi.Routes,
        .. GoalsApi.Routes,
        .. ScheduleApi.Routes,
        .. ReportsApi.Routes,
        .. ReviewApi.Routes,
        .. DeliveryApi.Routes,
        .. KeysApi.Routes,
        .. AccountsApi.Routes,
    ];

    /// <summary>The OpenAPI document's tags, the routes' <see cref="ApiRoute.Tag"/>s, with what each groups.</summary>
    public static IReadOnlyDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Health"] = "Whether the app can reach its storage.",
        ["Clients"] = "The agency's clients: time zone, currency, language, report cadence and recipients.",
        ["Metrics"] = "Daily metric rows pushed by the agency's own tools, as JSON or CSV.",
        ["Kpis"] = "KPI values and series, computed from the stored rows.",
        ["Goals"] = "SMART goals on KPIs, with their progress.",
        ["Schedule"] = "When the next reports go out.",
        ["Reports"] = "Rendered PDF reports, their JSON snapshots and download links.",
        ["Delivery"] = "The e-mails of a report: resending, and each recipient's status.",
        ["Keys"] = "Client keys, read-only or with canWrite, managed with the admin key.",
        ["Accounts"] = "Platform accounts fetched on a schedule: their connection (OAuth or a stored token), fetches and runs.",
    };

    private static readonly Dictionary<string, ApiRoute> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The route named <paramref name="name"/>; throws when there is none (a function without a route is a bug).</summary>
    public static ApiRoute Get(string name) =>
        ByName.TryGetValue(name, out var route) ? route : throw new KeyNotFoundException($"There is no API route named '{name}'.");
}
