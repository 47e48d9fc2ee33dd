using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// <c>/api/v1/clients/{clientId}/accounts</c>: the client's platform accounts, their connection (OAuth or a stored
/// token), fetches on demand and their history; and the OAuth callback the platforms send the browser to.
/// </summary>
public static class AccountsApi
{
    private const string Account = "v1/clients/{clientId}/accounts/{accountId}";
    private const int MaxTokenLength = 8_192;

    private static readonly ApiProblem AccountNotFoundProblem = new(StatusCodes.Status404NotFound, "Or the client has no such account.");

    private static readonly ApiProblem PlatformUnreachableProblem = new(StatusCodes.Status502BadGateway, "The platform could not be reached to check the token; nothing was saved.");

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListAccounts", "GET", "v1/clients/{clientId}/accounts", Access.ClientRead, ListAsync)
        {
            Tag = "Accounts",
            Summary = "The client's connected platform accounts with their status, how far they are fetched and their last run.",
        },
        new("GetAccount", "GET", Account, Access.ClientRead, GetAsync)
        {
            Tag = "Accounts",
            Summary = "One account with its status, how far it is fetched and its last run.",
            Problems = [AccountNotFoundProblem],
        },
        new("PutAccount", "PUT", Account, Access.Admin, PutAsync)
        {
            Tag = "Accounts",
            Body = typeof(AccountBody),
            Summary = "Adds or changes an account to fetch: its platform, the platform's id for it, a name and its time zone.",
            Problems = [new(StatusCodes.Status409Conflict, "The account id has rows of another platform.")],
        },
        new("DeleteAccount", "DELETE", Account, Access.Admin, DeleteAsync)
        {
            Tag = "Accounts",
            Summary = "Disconnects the account: its tokens are deleted and it is no longer fetched; its stored metrics stay.",
            Problems = [AccountNotFoundProblem],
        },
        new("ConnectAccount", "POST", Account + "/connect", Access.Admin, ConnectAsync)
        {
            Tag = "Accounts",
            Summary = "Answers the platform's consent page to send the account's owner to; the platform returns them to the OAuth callback.",
            Problems = [AccountNotFoundProblem, new(StatusCodes.Status409Conflict, "OAuth is not set up for the account's platform (no app id and secret).")],
        },
        new("PutAccountCredentials", "PUT", Account + "/credentials", Access.Admin, PutCredentialsAsync)
        {
            Tag = "Accounts",
            Body = typeof(CredentialsBody),
            Summary = "Stores a token the agency already has (a Meta system-user or Page token), checked with one call first. Never shown again.",
            Problems = [AccountNotFoundProblem, PlatformUnreachableProblem],
        },
        new("FetchAccount", "POST", Account + "/fetch", Access.Admin, FetchAsync)
        {
            Tag = "Accounts",
            Body = typeof(FetchBody),
            BodyOptional = true,
            Summary = "Fetches now: by default as the schedule would, or the days from..to (a backfill). Answers 202 with the run's id.",
            Problems = [AccountNotFoundProblem, new(StatusCodes.Status409Conflict, "The account is not connected, or needs to be connected again.")],
        },
        new("ListAccountRuns", "GET", Account + "/runs", Access.ClientRead, ListRunsAsync)
        {
            Tag = "Accounts",
            Summary = "The account's fetch runs, newest first, with their outcome, days and rows written.",
            Problems = [AccountNotFoundProblem],
        },
        new("GetAccountRun", "GET", Account + "/runs/{runId}", Access.ClientRead, GetRunAsync)
        {
            Tag = "Accounts",
            Summary = "One fetch run.",
            Problems = [new(StatusCodes.Status404NotFound, "Or the client has no such account, or the account no such run.")],
        },
        new("OAuthCallback", "GET", "v1/oauth/{platform}/callback", Access.Anonymous, CallbackAsync)
        {
            Tag = "Accounts",
            Summary = "Where a platform's consent page returns: exchanges the code, stores the tokens and shows what was connected.",
            Produces =
            [
                new(StatusCodes.Status200OK, "text/html", "A page saying which account was connected."),
                new(StatusCodes.Status400BadRequest, "text/html", "A page saying why nothing was connected: the link was altered or expired, or the owner declined."),
                new(StatusCodes.Status404NotFound, "text/html", "A page saying the account was removed or changed since the link was made."),
                new(StatusCodes.Status502BadGateway, "text/html", "A page saying the platform could not be reached."),
            ],
        },
    ];

    public static async Task<Ok<AccountList>> ListAsync(Client client, AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AccountList([.. (await accounts.ListAsync(client.Id, cancellationToken)).OrderBy(a => a.Id, StringComparer.Ordinal).Select(AccountResponse.Of)]));

    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        Client client, string accountId, AccountStore accounts, CancellationToken cancellationToken) =>
        await FindAsync(client, accountId, accounts, cancellationToken) is { } account
            ? TypedResults.Ok(AccountResponse.Of(account))
            : AccountNotFound(client.Id, accountId);

    /// <summary>Validates the whole account first; 201 when new, 200 when changed.</summary>
    public static async Task<Results<Created<AccountResponse>, Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Client client,
        string accountId,
        HttpRequest request,
        AccountStore accounts,
        PlatformConnectors connectors,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (!MetricRows.IsValidAccountId(accountId))
        {
            validation.Add("accountId", "1 to 100 letters, digits and . _ @ : -, starting with a letter or digit.");
        }

        var body = await JsonBody.ReadAsync<AccountBody>(request, validation, cancellationToken);
        body?.Validate(validation, connectors);
        if (!validation.IsValid || body is null)
        {
            return validation.ToProblem("The account has invalid fields; nothing was saved.");
        }

        if (await accounts.PlatformAsync(client.Id, accountId, cancellationToken) is { } platform && platform != body.Platform)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The account belongs to another platform.",
                detail: $"Account '{accountId}' of client '{client.Id}' has '{platform}' rows; an account belongs to one platform. Pick another account id.");
        }

        var account = new ConnectedAccount(client.Id, accountId, body.Platform!, body.NormalizedExternalId, body.Name?.Trim() ?? body.NormalizedExternalId, body.TimeZone ?? client.TimeZone);
        var created = await accounts.PutAsync(account, cancellationToken);
        var stored = await accounts.FindAsync(client.Id, accountId, cancellationToken) ?? account;
        return created
            ? TypedResults.Created($"/api/v1/clients/{client.Id}/accounts/{accountId}", AccountResponse.Of(stored))
            : TypedResults.Ok(AccountResponse.Of(stored));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Client client, string accountId, AccountStore accounts, CancellationToken cancellationToken) =>
        MetricRows.IsValidAccountId(accountId) && await accounts.DisconnectAsync(client.Id, accountId, cancellationToken)
            ? TypedResults.NoContent()
            : AccountNotFound(client.Id, accountId);

    public static async Task<Results<Ok<ConnectAnswer>, ProblemHttpResult>> ConnectAsync(
        Client client,
        string accountId,
        AccountStore accounts,
        PlatformConnectors connectors,
        OAuthState states,
        IOptions<ReportOptions> reports,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(client, accountId, accounts, cancellationToken) is not { } account)
        {
            return AccountNotFound(client.Id, accountId);
        }

        var connector = connectors.Get(account.Platform);
        if (string.IsNullOrEmpty(connector.Options.AppId) || string.IsNullOrEmpty(connector.Options.AppSecret))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "OAuth is not set up for this platform.",
                detail: $"Set the app's id and secret for {connector.DisplayName} (AppId and AppSecret under Platforms), or store a token with PUT .../credentials.");
        }

        var state = states.Create(client.Id, account.Id, account.Platform);
        var url = connector.AuthorizeUrl(state, RedirectUri(reports.Value, account.Platform), OAuthState.Challenge(states.Verifier(state)));
        return TypedResults.Ok(new ConnectAnswer(url.ToString()));
    }

    /// <param name="platform">The platform id.</param>
    /// <param name="state">The signed state of the consent link: which client and account, and the PKCE verifier's key.</param>
    /// <param name="code">The authorization code.</param>
    /// <param name="authCode">The authorization code, as TikTok names it (<c>auth_code</c>).</param>
    /// <param name="error">Set instead of a code when the owner declined or the consent failed.</param>
    /// <param name="errorDescription">The platform's words for the error (<c>error_description</c>).</param>
    /// <param name="accounts">The account store.</param>
    /// <param name="connectors">The platforms' connectors.</param>
    /// <param name="states">Reads the state.</param>
    /// <param name="protector">Encrypts the tokens.</param>
    /// <param name="job">Starts the first fetch.</param>
    /// <param name="reports">The public address, for the redirect URI.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<ContentHttpResult> CallbackAsync(
        string platform,
        [Required] string? state,
        string? code,
        [FromQuery(Name = "auth_code"), Description("The authorization code, as TikTok names it.")] string? authCode,
        string? error,
        [FromQuery(Name = "error_description"), Description("The platform's words for the error.")] string? errorDescription,
        AccountStore accounts,
        PlatformConnectors connectors,
        OAuthState states,
        TokenProtector protector,
        IngestAccountJob job,
        IOptions<ReportOptions> reports,
        CancellationToken cancellationToken)
    {
        state ??= "";
        var claims = states.Read(state, out var reason);
        if (claims is null || claims.Platform != platform || connectors.Find(platform) is not { } connector)
        {
            return Page(StatusCodes.Status400BadRequest, "The connection did not work", claims is null ? reason : "The link is for another platform.");
        }

        if (error is { Length: > 0 })
        {
            return Page(StatusCodes.Status400BadRequest, "The connection was not made", $"{connector.DisplayName} answered '{errorDescription ?? error}': nothing was connected.");
        }

        if (await accounts.FindAsync(claims.ClientId, claims.AccountId, cancellationToken) is not { } account || account.Platform != platform)
        {
            return Page(StatusCodes.Status404NotFound, "The account is gone", "The account was removed or changed since the link was made: nothing was connected.");
        }

        PlatformTokens tokens;
        try
        {
            // TikTok names the code auth_code; the others code.
            tokens = await connector.ExchangeCodeAsync(code ?? authCode ?? "", RedirectUri(reports.Value, platform), states.Verifier(state), cancellationToken);
        }
        catch (TokenRejectedException e)
        {
            return Page(StatusCodes.Status400BadRequest, "The connection did not work", $"{connector.DisplayName} did not accept the consent: {e.Message}");
        }
        catch (Exception e) when (e is PlatformException or HttpRequestException or TimeoutRejectedException or PlatformThrottledException)
        {
            return Page(StatusCodes.Status502BadGateway, "The connection did not work", $"{connector.DisplayName} could not be reached: try again in a few minutes.");
        }

        var connected = await SaveTokensAsync(accounts, protector, job, account, tokens, cancellationToken);
        return Page(
            StatusCodes.Status200OK,
            "Connected",
            $"{connector.DisplayName} account '{connected.Name}' ({connected.ExternalId}) is connected to client '{connected.ClientId}' as '{connected.Id}'. Its data is being fetched; you can close this window.");
    }

    public static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> PutCredentialsAsync(
        Client client,
        string accountId,
        HttpRequest request,
        AccountStore accounts,
        PlatformConnectors connectors,
        TokenProtector protector,
        IngestAccountJob job,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(client, accountId, accounts, cancellationToken) is not { } account)
        {
            return AccountNotFound(client.Id, accountId);
        }

        var validation = new Validation();
        var body = await JsonBody.ReadAsync<CredentialsBody>(request, validation, cancellationToken);
        body?.Validate(validation, time.GetUtcNow());
        if (!validation.IsValid || body is null)
        {
            return validation.ToProblem("The credentials have invalid fields; nothing was saved.");
        }

        var connector = connectors.Get(account.Platform);
        try
        {
            await connector.CheckTokenAsync(body.AccessToken!, account.ExternalId, cancellationToken);
        }
        catch (TokenRejectedException e)
        {
            validation.Add("accessToken", $"{connector.DisplayName} rejected the token: {e.Message}");
            return validation.ToProblem("The token does not work; nothing was saved.");
        }
        catch (Exception e) when (e is PlatformException or HttpRequestException or TimeoutRejectedException or PlatformThrottledException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "The platform could not check the token.",
                detail: $"{connector.DisplayName} could not be reached to check the token; nothing was saved. Try again in a few minutes.");
        }

        var tokens = new PlatformTokens(body.AccessToken!, body.RefreshToken, body.ExpiresAt);
        return TypedResults.Ok(AccountResponse.Of(await SaveTokensAsync(accounts, protector, job, account, tokens, cancellationToken)));
    }

    public static async Task<Results<Accepted<RunAnswer>, ValidationProblem, ProblemHttpResult>> FetchAsync(
        Client client,
        string accountId,
        HttpRequest request,
        AccountStore accounts,
        PlatformConnectors connectors,
        IngestAccountJob job,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(client, accountId, accounts, cancellationToken) is not { } account)
        {
            return AccountNotFound(client.Id, accountId);
        }

        var validation = new Validation();
        var body = request.ContentLength is null or 0 && !request.Headers.ContentType.Any()
            ? new FetchBody(null, null)
            : await JsonBody.ReadAsync<FetchBody>(request, validation, cancellationToken);
        var connector = connectors.Get(account.Platform);
        body?.Validate(validation, IngestAccountJob.LastCompleteDay(account, connector.Options, time.GetUtcNow()));
        if (!validation.IsValid || body is null)
        {
            return validation.ToProblem("The fetch has invalid fields; nothing was started.");
        }

        if (account.Tokens is null || account.Status == AccountStatus.NeedsReauth)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The account is not connected.",
                detail: $"Account '{account.Id}' is {Snake(account.Status)}: connect it (POST .../connect) or store a token (PUT .../credentials) first.");
        }

        var run = await job.EnqueueAsync(account, body.From, body.To, cancellationToken);
        return TypedResults.Accepted($"/api/v1/clients/{client.Id}/accounts/{account.Id}/runs/{run.Id}", new RunAnswer(run.Id));
    }

    public static async Task<Results<Ok<RunList>, ProblemHttpResult>> ListRunsAsync(
        Client client, string accountId, AccountStore accounts, RunStore runs, CancellationToken cancellationToken) =>
        await FindAsync(client, accountId, accounts, cancellationToken) is { } account
            ? TypedResults.Ok(new RunList([.. (await runs.ListAsync(client.Id, account.Id, cancellationToken)).Select(RunResponse.Of)]))
            : AccountNotFound(client.Id, accountId);

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRunAsync(
        Client client, string accountId, string runId, AccountStore accounts, RunStore runs, CancellationToken cancellationToken)
    {
        if (await FindAsync(client, accountId, accounts, cancellationToken) is not { } account)
        {
            return AccountNotFound(client.Id, accountId);
        }

        return runId.Length is > 0 and <= 40 && runId.All(char.IsAsciiLetterOrDigit)
            && await runs.FindAsync(client.Id, account.Id, runId, cancellationToken) is { } run
            ? TypedResults.Ok(RunResponse.Of(run))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found.", detail: $"Account '{account.Id}' has no run '{runId}'.");
    }

    /// <summary>The address platforms send the browser back to: it must be registered with the platform's app.</summary>
    public static string RedirectUri(ReportOptions reports, string platform)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return $"{reports.PublicBaseUrl.TrimEnd('/')}/{ApiRoute.Prefix}/v1/oauth/{platform}/callback";
    }

    private static async Task<ConnectedAccount> SaveTokensAsync(
        AccountStore accounts, TokenProtector protector, IngestAccountJob job, ConnectedAccount account, PlatformTokens tokens, CancellationToken cancellationToken)
    {
        var connected = await accounts.UpdateAsync(account.ClientId, account.Id, a => a with
        {
            Tokens = IngestAccountJob.Protect(protector, a, tokens),
            Status = AccountStatus.Connected,
            StatusReason = null,
        }, cancellationToken) ?? account;

        // A new connection is filled at once (its backfill); later ones continue from syncedThrough.
        await job.EnqueueAsync(connected, null, null, cancellationToken);
        return await accounts.FindAsync(account.ClientId, account.Id, cancellationToken) ?? connected;
    }

    private static async Task<ConnectedAccount?> FindAsync(Client client, string accountId, AccountStore accounts, CancellationToken cancellationToken) =>
        MetricRows.IsValidAccountId(accountId) ? await accounts.FindAsync(client.Id, accountId, cancellationToken) : null;

    private static ProblemHttpResult AccountNotFound(string clientId, string accountId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Account not found.",
            detail: $"Client '{clientId}' has no connected account '{accountId}'.");

    private static ContentHttpResult Page(int status, string title, string message) =>
        TypedResults.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1F3A5F}</style></head>
            <body><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(message)}}</p></body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: status);

    internal static string Snake(AccountStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}

/// <summary>The body of <c>PUT .../accounts/{accountId}</c>.</summary>
/// <param name="Platform">The platform id: <c>facebook</c>, <c>instagram</c> or <c>meta_ads</c>.</param>
/// <param name="ExternalId">The platform's id of the Page, Instagram account or ad account (with or without <c>act_</c>).</param>
/// <param name="Name">A name to show; the external id when left out.</param>
/// <param name="TimeZone">The IANA time zone its days are counted in; the client's when left out.</param>
public sealed record AccountBody(string? Platform, string? ExternalId, string? Name = null, string? TimeZone = null)
{
    internal string NormalizedExternalId =>
        Platform == "meta_ads" && ExternalId!.StartsWith("act_", StringComparison.Ordinal) ? ExternalId[4..] : ExternalId!;

    internal void Validate(Validation validation, PlatformConnectors connectors)
    {
        if (Platform is null || connectors.Find(Platform) is null)
        {
            validation.Add("platform", global::KpiFunctions.Kpis.Platforms.IsKnown(Platform ?? string.Empty)
                ? $"'{Platform}' has no connector yet: push its rows to /metrics. Connectable: {string.Join(", ", connectors.Platforms)}."
                : $"Required: one of {string.Join(", ", connectors.Platforms)}.");
        }

        if (ExternalId is null || ExternalId.Length is 0 or > 100 || !ExternalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            validation.Add("externalId", "Required: the platform's id of the account, 1 to 100 letters, digits and _ - .");
        }

        if (Name is not null && (string.IsNullOrWhiteSpace(Name) || Name.Length > 200 || Name.Any(char.IsControl)))
        {
            validation.Add("name", "1 to 200 characters, no line breaks or other control characters.");
        }

        if (TimeZone is not null && !ClientRules.IsIanaTimeZone(TimeZone))
        {
            validation.Add("timeZone", "An IANA time zone, e.g. Europe/Oslo.");
        }
    }
}

/// <summary>The body of <c>PUT .../credentials</c>: a token the agency already has.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, if the platform gave one.</param>
/// <param name="ExpiresAt">When the access token expires; left out for tokens that do not (Meta system-user tokens).</param>
public sealed record CredentialsBody(string? AccessToken, string? RefreshToken = null, DateTimeOffset? ExpiresAt = null)
{
    public override string ToString() => "CredentialsBody { *** }";

    internal void Validate(Validation validation, DateTimeOffset now)
    {
        if (!IsToken(AccessToken))
        {
            validation.Add("accessToken", "Required: the token, without spaces or line breaks, at most 8,192 characters.");
        }

        if (RefreshToken is not null && !IsToken(RefreshToken))
        {
            validation.Add("refreshToken", "The refresh token, without spaces or line breaks, at most 8,192 characters.");
        }

        if (ExpiresAt is { } expires && expires <= now)
        {
            validation.Add("expiresAt", "Lies in the past: the token has expired. Get a new one.");
        }
    }

    private static bool IsToken(string? token) =>
        token is { Length: > 0 and <= 8_192 } && !token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}

/// <summary>The optional body of <c>POST .../fetch</c>.</summary>
/// <param name="From">The first day to fetch (a backfill); by default where the schedule would start.</param>
/// <param name="To">The last day; by default the account's last complete day.</param>
public sealed record FetchBody(DateOnly? From = null, DateOnly? To = null)
{
    /// <summary>The longest range one fetch takes: three years.</summary>
    public const int MaxDays = 1_096;

    internal void Validate(Validation validation, DateOnly lastComplete)
    {
        if (To > lastComplete)
        {
            validation.Add("to", $"The platform's data is complete through {lastComplete:yyyy-MM-dd}; ask for that day or an earlier one.");
        }

        if (From is { } from && (To ?? lastComplete) is var to && from > to)
        {
            validation.Add("from", "Must not be after 'to'.");
        }
        else if (From is { } f && (To ?? lastComplete).DayNumber - f.DayNumber + 1 > MaxDays)
        {
            validation.Add("from", string.Create(CultureInfo.InvariantCulture, $"At most {MaxDays} days in one fetch."));
        }
    }
}

/// <summary>The account as the API shows it: never its tokens.</summary>
public sealed record AccountResponse(
    string Id,
    string Platform,
    string ExternalId,
    string Name,
    string TimeZone,
    AccountStatus Status,
    string? StatusReason,
    DateOnly? SyncedThrough,
    RunResponse? LastRun)
{
    public static AccountResponse Of(ConnectedAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(
            account.Id, account.Platform, account.ExternalId, account.Name, account.TimeZone,
            account.Tokens is null ? AccountStatus.NotConnected : account.Status,
            account.StatusReason, account.SyncedThrough, account.LastRun is { } run ? RunResponse.Of(run) : null);
    }
}

/// <summary>A run as the API shows it.</summary>
public sealed record RunResponse(
    string Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    RunOutcome Outcome,
    int RowsWritten,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<string> Warnings,
    string? Error)
{
    public static RunResponse Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, run.StartedAt, run.FinishedAt, run.Outcome, run.RowsWritten, run.From, run.To, run.Warnings, run.Error);
    }
}

/// <summary>The answer of <c>GET .../accounts</c>.</summary>
public sealed record AccountList(IReadOnlyList<AccountResponse> Accounts);

/// <summary>The answer of <c>GET .../runs</c>.</summary>
public sealed record RunList(IReadOnlyList<RunResponse> Runs);

/// <summary>The answer of <c>POST .../connect</c>.</summary>
public sealed record ConnectAnswer(string AuthorizeUrl);

/// <summary>The answer of <c>POST .../fetch</c>.</summary>
public sealed record RunAnswer(string RunId);
