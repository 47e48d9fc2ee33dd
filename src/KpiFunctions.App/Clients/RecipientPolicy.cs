using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Clients;

/// <summary>
/// Who may receive reports from this deployment: a valid address whose domain is on <c>Delivery:AllowedDomains</c>
/// (or any domain when that list is empty). Asked when recipients are saved and again right before each e-mail.
/// </summary>
public sealed class RecipientPolicy(IOptionsMonitor<RecipientOptions> options)
{
    /// <summary>At most this many recipients per client or resend.</summary>
    public const int MaxRecipients = 50;

    /// <summary>The normalized address, or null with <paramref name="problem"/> saying why it may not receive reports.</summary>
    public string? Check(string? email, out string? problem)
    {
        var address = EmailAddress.Normalize(email, out problem);
        if (address is null)
        {
            return null;
        }

        problem = NotAllowed(address);
        return problem is null ? address : null;
    }

    /// <summary>Why a normalized address may not receive reports now, or null when it may.</summary>
    public string? NotAllowed(string address)
    {
        var allowed = AllowedDomains();
        if (allowed.Count == 0)
        {
            return null;
        }

        var domain = EmailAddress.Domain(address);
        return allowed.Any(a => domain == a || domain.EndsWith("." + a, StringComparison.Ordinal))
            ? null
            : $"The domain '{domain}' is not on this deployment's allow-list (Delivery:AllowedDomains: {string.Join(", ", allowed)}).";
    }

    private List<string> AllowedDomains() =>
        options.CurrentValue.AllowedDomains
            .Select(d => EmailAddress.NormalizeDomain(d.Trim().TrimStart('@', '*', '.')))
            .OfType<string>()
            .ToList();
}

/// <summary>Who may receive reports. Bound from the <c>Delivery</c> section, beside the SMTP settings.</summary>
public sealed class RecipientOptions
{
    /// <summary>
    /// The domains reports may be sent to; each entry also allows its subdomains. Empty: any domain. Checked when
    /// recipients are saved and again when sending, so removing a domain stops mail to it at once.
    /// </summary>
    public string[] AllowedDomains { get; set; } = [];
}
