namespace KpiFunctions.App.Http;

/// <summary>Who may call a route.</summary>
public enum Access
{
    /// <summary>Anyone: no key (health, the OpenAPI document, signed download links).</summary>
    Anonymous,

    /// <summary>The admin key only. Under <c>/clients/{clientId}</c>, the client must exist.</summary>
    Admin,

    /// <summary>The admin key, or a key of the client in the route.</summary>
    ClientRead,

    /// <summary>The admin key, or a key of the client in the route created with <c>canWrite</c>.</summary>
    ClientWrite,
}

/// <summary>
/// One route of the HTTP API, as both hosts serve it: the standalone host maps it as a minimal-API endpoint, the
/// Functions app has one <c>[HttpTrigger]</c> function of the same name, route and method that runs it; a test reads
/// the Functions app's metadata and checks the two agree with this table.
/// </summary>
/// <param name="Name">The endpoint's and the function's name, e.g. <c>GetKpis</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Pattern">The route below <c>/api</c>, e.g. <c>v1/clients/{clientId}/kpis</c>.</param>
/// <param name="Access">Who may call it.</param>
/// <param name="Handler">The handler: a static method whose parameters minimal APIs bind (route, query, services).</param>
public sealed record ApiRoute(string Name, string Method, string Pattern, Access Access, Delegate Handler)
{
    /// <summary>The route parameter that scopes a route to one client.</summary>
    public const string ClientIdParameter = "clientId";

    /// <summary>The route prefix of every API route, as in host.json.</summary>
    public const string Prefix = "api";

    /// <summary>The group in the OpenAPI document.</summary>
    public string? Tag { get; init; }

    /// <summary>One line for the OpenAPI document: what the route does, for someone choosing a route.</summary>
    public required string Summary { get; init; }

    /// <summary>The type of the body for the OpenAPI document; the handler reads the body itself.</summary>
    public Type? Body { get; init; }

    /// <summary>
    /// The content types the body may have; a body of another type is answered 415 by the <c>ApiGate</c>
    /// (<c>application/json</c> also admits any <c>application/*+json</c>).
    /// </summary>
    public IReadOnlyList<string> BodyContentTypes { get; init; } = ["application/json"];

    /// <summary>Whether the body may be left out.</summary>
    public bool BodyOptional { get; init; }

    /// <summary>The largest body the route takes, in bytes; a larger one is answered 413 before or while it is read.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// The problem details the handler itself answers, beside what its return type declares (a <c>ValidationProblem</c>
    /// is 400) and what the gate answers (401, 403, 404 of the client, 413, 415, 429, 503): e.g. 404 of a goal, 409.
    /// </summary>
    public IReadOnlyList<ApiProblem> Problems { get; init; } = [];

    /// <summary>Answers that are not JSON of the return type's <c>Ok&lt;T&gt;</c>: files, pages, stored JSON.</summary>
    public IReadOnlyList<ApiContent> Produces { get; init; } = [];

    /// <summary>Examples of the body for the OpenAPI document, by content type: a string as it is, anything else as JSON.</summary>
    public IReadOnlyDictionary<string, object> BodyExamples { get; init; } = new Dictionary<string, object>();

    /// <summary>An example of the successful answer's JSON for the OpenAPI document.</summary>
    public object? AnswerExample { get; init; }

    /// <summary>The body limit of routes that take a small JSON document (a client, a goal, a patch).</summary>
    public const long DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>The path as requested, e.g. <c>/api/v1/clients/{clientId}/kpis</c>.</summary>
    public string Path => $"/{Prefix}/{Pattern}";

    /// <summary>True for routes under <c>/clients/{clientId}</c>: the client must exist and the key may read it.</summary>
    public bool IsClientScoped => Pattern.Contains("{" + ClientIdParameter + "}", StringComparison.Ordinal);
}

/// <summary>A problem-details answer of a handler, for the OpenAPI document.</summary>
/// <param name="Status">The status code, e.g. 409.</param>
/// <param name="When">When it is answered, e.g. "A client with this id exists already."</param>
public sealed record ApiProblem(int Status, string When);

/// <summary>An answer of a handler that its return type does not declare, for the OpenAPI document.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">Its content type, e.g. <c>application/pdf</c>.</param>
/// <param name="Description">What it holds.</param>
/// <param name="Schema">The type whose JSON it is, for JSON; null for a file or a page.</param>
public sealed record ApiContent(int Status, string ContentType, string Description, Type? Schema = null);
