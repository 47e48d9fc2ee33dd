using KpiFunctions.App.Api;

namespace KpiFunctions.Functions;

/// <summary>
/// One HTTP function per API route (<see cref="ApiRoutes"/>), named like it, on its route and method. Authorization is
/// the app's own (admin and client keys), so every function is anonymous to the Functions host. A test reads the
/// published <c>functions.metadata</c> and checks it against the route table and the standalone host.
/// </summary>
public sealed class ApiFunctions(HttpRoutes routes)
{
    // Health

    [Function(nameof(Health))]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        routes.RunAsync(request, nameof(Health));

    // Clients

    [Function(nameof(CreateClient))]
    public Task<IResult> CreateClient([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients")] HttpRequest request) =>
        routes.RunAsync(request, nameof(CreateClient));

    [Function(nameof(ListClients))]
    public Task<IResult> ListClients([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListClients));

    [Function(nameof(GetClient))]
    public Task<IResult> GetClient([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetClient));

    [Function(nameof(UpdateClient))]
    public Task<IResult> UpdateClient([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/clients/{clientId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(UpdateClient));

    // Metrics

    [Function(nameof(PushMetrics))]
    public Task<IResult> PushMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/metrics")] HttpRequest request) =>
        routes.RunAsync(request, nameof(PushMetrics));

    // KPIs

    [Function(nameof(GetKpis))]
    public Task<IResult> GetKpis([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/kpis")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetKpis));

    [Function(nameof(GetKpiSeries))]
    public Task<IResult> GetKpiSeries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/kpis/{kpiId}/series")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetKpiSeries));

    // Goals

    [Function(nameof(ListGoals))]
    public Task<IResult> ListGoals([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/goals")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListGoals));

    [Function(nameof(GetGoal))]
    public Task<IResult> GetGoal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/goals/{goalId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetGoal));

    [Function(nameof(PutGoal))]
    public Task<IResult> PutGoal([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/clients/{clientId}/goals/{goalId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(PutGoal));

    [Function(nameof(DeleteGoal))]
    public Task<IResult> DeleteGoal([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/clients/{clientId}/goals/{goalId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(DeleteGoal));

    // Schedule

    [Function(nameof(GetSchedule))]
    public Task<IResult> GetSchedule([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/schedule")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetSchedule));

    // Reports

    [Function(nameof(CreateReport))]
    public Task<IResult> CreateReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/reports")] HttpRequest request) =>
        routes.RunAsync(request, nameof(CreateReport));

    [Function(nameof(ListReports))]
    public Task<IResult> ListReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListReports));

    [Function(nameof(GetReport))]
    public Task<IResult> GetReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports/{reportId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetReport));

    [Function(nameof(GetReportData))]
    public Task<IResult> GetReportData([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports/{reportId}/data")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetReportData));

    [Function(nameof(DownloadReport))]
    public Task<IResult> DownloadReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports/{reportId}/download")] HttpRequest request) =>
        routes.RunAsync(request, nameof(DownloadReport));

    // Review

    [Function(nameof(GetCommentary))]
    public Task<IResult> GetCommentary([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports/{reportId}/commentary")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetCommentary));

    [Function(nameof(SetCommentary))]
    public Task<IResult> SetCommentary([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/clients/{clientId}/reports/{reportId}/commentary")] HttpRequest request) =>
        routes.RunAsync(request, nameof(SetCommentary));

    [Function(nameof(DeleteCommentary))]
    public Task<IResult> DeleteCommentary([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/clients/{clientId}/reports/{reportId}/commentary")] HttpRequest request) =>
        routes.RunAsync(request, nameof(DeleteCommentary));

    [Function(nameof(ApproveReport))]
    public Task<IResult> ApproveReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/reports/{reportId}/approve")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ApproveReport));

    // Delivery

    [Function(nameof(ResendReport))]
    public Task<IResult> ResendReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/reports/{reportId}/resend")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ResendReport));

    [Function(nameof(ListDeliveries))]
    public Task<IResult> ListDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/reports/{reportId}/deliveries")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListDeliveries));

    // Keys

    [Function(nameof(CreateKey))]
    public Task<IResult> CreateKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/keys")] HttpRequest request) =>
        routes.RunAsync(request, nameof(CreateKey));

    [Function(nameof(ListKeys))]
    public Task<IResult> ListKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/keys")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListKeys));

    [Function(nameof(RevokeKey))]
    public Task<IResult> RevokeKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/clients/{clientId}/keys/{keyId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(RevokeKey));

    // Accounts

    [Function(nameof(ListAccounts))]
    public Task<IResult> ListAccounts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/accounts")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListAccounts));

    [Function(nameof(GetAccount))]
    public Task<IResult> GetAccount([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/accounts/{accountId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetAccount));

    [Function(nameof(PutAccount))]
    public Task<IResult> PutAccount([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/clients/{clientId}/accounts/{accountId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(PutAccount));

    [Function(nameof(DeleteAccount))]
    public Task<IResult> DeleteAccount([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/clients/{clientId}/accounts/{accountId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(DeleteAccount));

    [Function(nameof(ConnectAccount))]
    public Task<IResult> ConnectAccount([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/accounts/{accountId}/connect")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ConnectAccount));

    [Function(nameof(PutAccountCredentials))]
    public Task<IResult> PutAccountCredentials([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/clients/{clientId}/accounts/{accountId}/credentials")] HttpRequest request) =>
        routes.RunAsync(request, nameof(PutAccountCredentials));

    [Function(nameof(FetchAccount))]
    public Task<IResult> FetchAccount([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/clients/{clientId}/accounts/{accountId}/fetch")] HttpRequest request) =>
        routes.RunAsync(request, nameof(FetchAccount));

    [Function(nameof(ListAccountRuns))]
    public Task<IResult> ListAccountRuns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/accounts/{accountId}/runs")] HttpRequest request) =>
        routes.RunAsync(request, nameof(ListAccountRuns));

    [Function(nameof(GetAccountRun))]
    public Task<IResult> GetAccountRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/accounts/{accountId}/runs/{runId}")] HttpRequest request) =>
        routes.RunAsync(request, nameof(GetAccountRun));

    [Function(nameof(OAuthCallback))]
    public Task<IResult> OAuthCallback([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/oauth/{platform}/callback")] HttpRequest request) =>
        routes.RunAsync(request, nameof(OAuthCallback));
}
