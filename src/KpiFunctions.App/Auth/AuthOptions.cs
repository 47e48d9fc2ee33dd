namespace KpiFunctions.App.Auth;

/// <summary>Bound from the <c>Auth</c> section (app setting <c>Auth__AdminKey</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The admin key: may do everything. Required outside development and demo mode.</summary>
    public string? AdminKey { get; set; }
}
