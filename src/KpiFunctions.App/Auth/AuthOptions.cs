namespace KpiFunctions.App.Auth;

/// <summary>Bound from the <c>Auth</c> section (app settings <c>Auth__AdminKey</c>, <c>Auth__SecondaryAdminKey</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The admin key: may do everything. Required outside development; at least 32 characters.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// A second admin key, accepted beside <see cref="AdminKey"/> while a key is rotated: set the new key here, move
    /// the callers to it, then make it the admin key and clear this one. Optional; at least 32 characters.
    /// </summary>
    public string? SecondaryAdminKey { get; set; }

    /// <summary>
    /// Failed authentications one client address may make in a minute; after that every attempt from it is answered
    /// 429 until the minute is over.
    /// </summary>
    public int FailedAttemptsPerMinute { get; set; } = 30;

    /// <summary>Requests one client key may make in a minute (the admin key has no quota).</summary>
    public int ClientKeyRequestsPerMinute { get; set; } = 600;

    /// <summary>The admin keys accepted now.</summary>
    public IEnumerable<string> AdminKeys() => new[] { AdminKey, SecondaryAdminKey }.Where(k => !string.IsNullOrWhiteSpace(k))!;
}
