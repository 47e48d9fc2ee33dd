namespace KpiFunctions.App.Auth;

/// <summary>Who is calling: the admin, or a client key scoped to one client.</summary>
/// <param name="IsAdmin">The admin key: may do everything.</param>
/// <param name="ClientId">The client of a client key; null for the admin.</param>
/// <param name="CanWrite">Whether the key may push metrics (always for the admin).</param>
/// <param name="KeyId">The id of a client key; null for the admin.</param>
public sealed record Caller(bool IsAdmin, string? ClientId, bool CanWrite, string? KeyId)
{
    public static Caller Admin { get; } = new(IsAdmin: true, ClientId: null, CanWrite: true, KeyId: null);

    /// <summary>True when the caller may read <paramref name="clientId"/>'s data.</summary>
    public bool CanRead(string clientId) => IsAdmin || ClientId == clientId;

    /// <summary>True when the caller may push <paramref name="clientId"/>'s metrics.</summary>
    public bool CanWriteTo(string clientId) => IsAdmin || (CanRead(clientId) && CanWrite);

    /// <summary>
    /// An internal reason (an SMTP server's address, a file path) as this caller may read it: whole for the admin,
    /// <paramref name="forClients"/> for a client key; null stays null.
    /// </summary>
    public string? Shown(string? reason, string forClients) => IsAdmin || reason is null ? reason : forClients;

    /// <summary>The caller the API's gate authenticated, for handlers that answer clients differently.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<Caller>());
}
