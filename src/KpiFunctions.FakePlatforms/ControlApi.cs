using KpiFunctions.Kpis;

namespace KpiFunctions.FakePlatforms;

/// <summary>The control endpoints under <c>/_fake</c>: the HTTP twins of <see cref="FakeMeta"/>'s methods, for other processes.</summary>
internal static class ControlApi
{
    public static void MapControl(this WebApplication app)
    {
        var fake = app.MapGroup("/_fake");
        fake.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        fake.MapPost("/reset", (FakeMetaState state) => Do(state.Reset));
        fake.MapPut("/options", (OptionsBody body, FakeMetaState state) => Do(() =>
        {
            state.AcceptAnyToken = body.AcceptAnyToken ?? state.AcceptAnyToken;
            state.AsyncPolls = body.AsyncPolls ?? state.AsyncPolls;
        }));
        fake.MapGet("/requests", (FakeMetaState state) => Results.Ok(state.Requests()));
        fake.MapDelete("/requests", (FakeMetaState state) => Do(state.ClearRequests));

        fake.MapPut("/accounts/{platform}/{externalId}", (string platform, string externalId, AccountBody? body, FakeMetaState state) =>
            Do(() => state.AddAccount(platform, externalId, body?.Audience ?? 10_000, body?.Since)));
        fake.MapPut("/days/{platform}/{externalId}/{day}", (string platform, string externalId, DateOnly day, Dictionary<string, double?> body, FakeMetaState state) =>
            Do(() => state.SetDay(platform, externalId, day, body)));
        fake.MapGet("/days/{platform}/{externalId}/{day}", (string platform, string externalId, DateOnly day, FakeMetaState state) =>
            Do(() => state.Values(platform, externalId, day), values => Results.Ok(values ?? [])));
        fake.MapPost("/empty/{platform}/{externalId}", (string platform, string externalId, RangeBody body, FakeMetaState state) =>
            Do(() => state.EmptyDays(platform, externalId, new DateRange(body.From, body.To ?? body.From))));
        fake.MapPost("/revise/{platform}/{externalId}/{day}", (string platform, string externalId, DateOnly day, FactorBody body, FakeMetaState state) =>
            Do(() => state.Revise(platform, externalId, day, body.Factor)));
        fake.MapPost("/retired/{platform}/{name}", (string platform, string name, FakeMetaState state) => Do(() => state.Retire(platform, name, true)));
        fake.MapDelete("/retired/{platform}/{name}", (string platform, string name, FakeMetaState state) => Do(() => state.Retire(platform, name, false)));

        fake.MapPost("/tokens", (FakeMetaState state) => Results.Ok(new { accessToken = state.IssueToken() }));
        fake.MapPut("/tokens/{token}", (string token, TokenBody? body, FakeMetaState state) => Do(() => state.AddToken(token, body?.ExpiresAt)));
        fake.MapPost("/tokens/{token}/expire", (string token, FakeMetaState state) => Do(() => state.ExpireToken(token)));
        fake.MapPost("/tokens/{token}/revoke", (string token, FakeMetaState state) => Do(() => state.RevokeToken(token)));

        fake.MapPost("/throttle/{platform}/{externalId}", (string platform, string externalId, ThrottleBody body, FakeMetaState state) =>
            Do(() => FakeMeta.Throttle(state, platform, externalId, body.Requests, body.Code ?? 4, body.Subcode, body.MinutesToRegain ?? 1)));
        fake.MapPut("/usage", (UsageBody body, FakeMetaState state) => Do(() => FakeMeta.SetUsage(state, body.Percent)));
        fake.MapPost("/fail", (FailBody body, FakeMetaState state) => Do(() => state.FailNext(body.Requests, body.Status ?? 500)));
        fake.MapPost("/delay", (DelayBody body, FakeMetaState state) => Do(() => state.DelayNext(body.Requests, TimeSpan.FromMilliseconds(body.DelayMs))));
        fake.MapPut("/async", (AsyncBody body, FakeMetaState state) => Do(() => state.FailAsyncJobsLongerThan = body.FailLongerThanDays));
    }

    private static IResult Do(Action action) => Do(() =>
    {
        action();
        return true;
    }, _ => Results.NoContent());

    private static IResult Do<T>(Func<T> action, Func<T, IResult> ok)
    {
        try
        {
            return ok(action());
        }
        catch (ArgumentException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal sealed record OptionsBody(bool? AcceptAnyToken, int? AsyncPolls);

    internal sealed record AccountBody(double? Audience, DateOnly? Since);

    internal sealed record RangeBody(DateOnly From, DateOnly? To);

    internal sealed record FactorBody(double Factor);

    internal sealed record TokenBody(DateTimeOffset? ExpiresAt);

    internal sealed record ThrottleBody(int Requests, int? Code, int? Subcode, int? MinutesToRegain);

    internal sealed record UsageBody(int Percent);

    internal sealed record FailBody(int Requests, int? Status);

    internal sealed record DelayBody(int Requests, int DelayMs);

    internal sealed record AsyncBody(int? FailLongerThanDays);
}
