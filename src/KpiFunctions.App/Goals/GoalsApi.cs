using System.Globalization;
using System.Text.Json;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Goals;

/// <summary><c>/api/v1/clients/{clientId}/goals</c>: SMART goals with their progress.</summary>
public static class GoalsApi
{
    private const int MaxGoalYears = 5;

    private static readonly ApiProblem GoalNotFoundProblem = new(StatusCodes.Status404NotFound, "Or the client has no such goal.");

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListGoals", "GET", "v1/clients/{clientId}/goals", Access.ClientRead, ListAsync)
        {
            Tag = "Goals",
            Summary = "Every goal of the client with its baseline, value, progress, forecast and status.",
        },
        new("GetGoal", "GET", "v1/clients/{clientId}/goals/{goalId}", Access.ClientRead, GetAsync)
        {
            Tag = "Goals",
            Summary = "One goal with its progress as of the last complete day.",
            Problems = [GoalNotFoundProblem],
        },
        new("PutGoal", "PUT", "v1/clients/{clientId}/goals/{goalId}", Access.Admin, PutAsync)
        {
            Tag = "Goals",
            Body = typeof(GoalBody),
            Summary = "Creates or replaces a goal.",
            BodyExamples = new Dictionary<string, object>
            {
                ["application/json"] = new GoalBody("engagement_rate", 4.5, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "instagram"),
            },
        },
        new("DeleteGoal", "DELETE", "v1/clients/{clientId}/goals/{goalId}", Access.Admin, DeleteAsync)
        {
            Tag = "Goals",
            Summary = "Deletes a goal.",
            Problems = [GoalNotFoundProblem],
        },
    ];

    public static async Task<Ok<List<GoalResponse>>> ListAsync(
        Client client,
        GoalStore goals,
        MetricStore metrics,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var stored = await goals.ListAsync(client.Id, cancellationToken);
        var rows = stored.Count == 0 ? [] : await metrics.ReadAllAsync(client.Id, cancellationToken);
        var today = client.LocalDate(time.GetUtcNow());
        return TypedResults.Ok(stored.Select(g => GoalResponse.From(g, rows, today)).ToList());
    }

    public static async Task<Results<Ok<GoalResponse>, ProblemHttpResult>> GetAsync(
        Client client,
        string goalId,
        GoalStore goals,
        MetricStore metrics,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!ClientRules.IsValidId(goalId) || await goals.FindAsync(client.Id, goalId, cancellationToken) is not { } goal)
        {
            return GoalNotFound(client.Id, goalId);
        }

        var rows = await metrics.ReadAllAsync(client.Id, cancellationToken);
        return TypedResults.Ok(GoalResponse.From(goal, rows, client.LocalDate(time.GetUtcNow())));
    }

    /// <summary>Validates the whole goal first; writes only a valid one. 201 when new, 200 when replaced.</summary>
    public static async Task<Results<Created<GoalResponse>, Ok<GoalResponse>, ValidationProblem>> PutAsync(
        Client client,
        string goalId,
        HttpRequest request,
        GoalStore goals,
        MetricStore metrics,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (!ClientRules.IsValidId(goalId))
        {
            validation.Add("goalId", "2 to 63 characters, lower-case letters, digits and '-', starting with a letter or digit.");
        }

        var body = await JsonBody.ReadElementAsync(request, validation, cancellationToken);
        var goal = body is { } element ? Parse(goalId, element, validation) : null;
        if (!validation.IsValid || goal is null)
        {
            return validation.ToProblem("The goal has invalid fields; nothing was saved.");
        }

        var created = await goals.PutAsync(client.Id, goal, cancellationToken);
        var response = GoalResponse.From(goal, await metrics.ReadAllAsync(client.Id, cancellationToken), client.LocalDate(time.GetUtcNow()));
        return created
            ? TypedResults.Created($"/api/v1/clients/{client.Id}/goals/{goalId}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Client client,
        string goalId,
        GoalStore goals,
        CancellationToken cancellationToken) =>
        ClientRules.IsValidId(goalId) && await goals.DeleteAsync(client.Id, goalId, cancellationToken)
            ? TypedResults.NoContent()
            : GoalNotFound(client.Id, goalId);

    private static ProblemHttpResult GoalNotFound(string clientId, string goalId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Goal not found.",
            detail: $"Client '{clientId}' has no goal '{goalId}'.");

    private static StoredGoal? Parse(string goalId, JsonElement body, Validation validation)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            validation.Add("body", "Expected {\"kpi\",\"target\",\"startDate\",\"deadline\",\"platform\"}.");
            return null;
        }

        string? kpi = null, platform = null;
        double? target = null;
        DateOnly? start = null, deadline = null;
        foreach (var field in body.EnumerateObject())
        {
            var v = field.Value;
            switch (field.Name)
            {
                case "kpi" when v.ValueKind == JsonValueKind.String && KpiCatalog.TryGet(v.GetString()!, out _):
                    kpi = v.GetString();
                    break;
                case "kpi":
                    validation.Add("kpi", $"'{v}' is not a KPI id of the catalog (see GET .../kpis).");
                    break;
                case "target" when v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var t) && double.IsFinite(t):
                    target = t;
                    break;
                case "target":
                    validation.Add("target", "Must be a finite number.");
                    break;
                case "startDate":
                    start = Date(v, "startDate", validation);
                    break;
                case "deadline":
                    deadline = Date(v, "deadline", validation);
                    break;
                case "platform" when v.ValueKind == JsonValueKind.Null:
                    break;
                case "platform" when v.ValueKind == JsonValueKind.String && Platforms.IsKnown(v.GetString()!):
                    platform = v.GetString();
                    break;
                case "platform":
                    validation.Add("platform", $"Must be null or one of {string.Join(", ", Platforms.All)}.");
                    break;
                default:
                    validation.Add(field.Name, "Unknown field; a goal has kpi, target, startDate, deadline and platform.");
                    break;
            }
        }

        foreach (var required in (string[])["kpi", "target", "startDate", "deadline"])
        {
            if (!body.TryGetProperty(required, out _))
            {
                validation.Add(required, "Required.");
            }
        }

        if (start is { } s && deadline is { } d)
        {
            if (d < s)
            {
                validation.Add("deadline", $"The deadline ({d:yyyy-MM-dd}) is before the start ({s:yyyy-MM-dd}).");
            }
            else if (d >= s.AddYears(MaxGoalYears))
            {
                validation.Add("deadline", $"A goal may span at most {MaxGoalYears} years.");
            }
        }

        return validation.IsValid ? new StoredGoal(goalId, kpi!, target!.Value, start!.Value, deadline!.Value, platform) : null;
    }

    private static DateOnly? Date(JsonElement value, string field, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date >= MetricRows.EarliestDate)
        {
            return date;
        }

        validation.Add(field, "Must be a date in the form yyyy-MM-dd.");
        return null;
    }
}

/// <summary>The body of <c>PUT .../goals/{goalId}</c>.</summary>
/// <param name="Kpi">A KPI id of the catalog.</param>
/// <param name="Target">The value the KPI is to reach by the deadline.</param>
/// <param name="StartDate">The first day the goal counts.</param>
/// <param name="Deadline">The last day; at most 5 years after the start.</param>
/// <param name="Platform">The platform whose accounts count; all of the client's when left out or null.</param>
public sealed record GoalBody(string Kpi, double Target, DateOnly StartDate, DateOnly Deadline, string? Platform = null);

/// <summary>A goal with its progress as of the last complete day on the client's clock.</summary>
public sealed record GoalResponse(
    string Id,
    string Kpi,
    string KpiName,
    KpiUnit Unit,
    Better Better,
    string? Platform,
    double Target,
    DateOnly StartDate,
    DateOnly Deadline,
    DateOnly AsOf,
    double? Baseline,
    double? Value,
    double? ProgressPercent,
    double ExpectedProgressPercent,
    double? Forecast,
    GoalStatus Status)
{
    public static GoalResponse From(StoredGoal goal, IReadOnlyCollection<DailyRow> rows, DateOnly today)
    {
        KpiCatalog.TryGet(goal.Kpi, out var kpi);
        var progress = GoalEvaluator.Evaluate(new Goal(kpi, goal.Target, goal.StartDate, goal.Deadline, goal.Platform), rows, today);
        return new GoalResponse(
            goal.Id, kpi.Id, kpi.Name, kpi.Unit, kpi.Better, goal.Platform, goal.Target, goal.StartDate, goal.Deadline,
            progress.AsOf, progress.Baseline, progress.Value, progress.ProgressPercent, progress.ExpectedProgressPercent,
            progress.Forecast, progress.Status);
    }
}
