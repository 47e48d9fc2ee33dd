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

    /// <summary>One line for the OpenAPI document.</summary>
    public string? Summary { get; init; }

    /// <summary>The type of the body for the OpenAPI document; the handler reads the body itself.</summary>
    public Type? Body { get; init; }

    /// <summary>The content types the body may have.</summary>
    public IReadOnlyList<string> BodyContentTypes { get; init; } = ["application/json"];

    /// <summary>Whether the body may be left out.</summary>
    public bool BodyOptional { get; init; }

    /// <summary>The largest body the route takes, in bytes; a larger one is answered 413 before or while it is read.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>The body limit of routes that take a small JSON document (a client, a goal, a patch).</summary>
    public const long DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>The path as requested, e.g. <c>/api/v1/clients/{clientId}/kpis</c>.</summary>
    public string Path => $"/{Prefix}/{Pattern}";

    /// <summary>True for routes under <c>/clients/{clientId}</c>: the client must exist and the key may read it.</summary>
    public bool IsClientScoped => Pattern.Contains("{" + ClientIdParameter + "}", StringComparison.Ordinal);
}
