using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiFunctions.App.Clients;

/// <summary>
/// The e-mail addresses reports go to: <c>local@domain</c> with an ASCII dot-atom local part (RFC 5322, as nearly
/// every mailbox has; quoted or UTF-8 local parts need SMTPUTF8 and are refused) and a host name as domain, which
/// may be an internationalised one (stored in its ASCII, punycode form).
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// The address in its stored form (domain lower-case ASCII, local part as given), or null with
    /// <paramref name="problem"/> telling what is wrong.
    /// </summary>
    public static string? Normalize(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "Required: an e-mail address such as 'name@example.com'.";
            return null;
        }

        // Surrounding spaces are a copy-and-paste slip; a line break or other control character anywhere is refused,
        // not trimmed: the address must be stored and mailed exactly as it was checked.
        text = text.Trim(' ');
        if (text.Any(char.IsControl))
        {
            problem = "An e-mail address may not contain line breaks or other control characters.";
            return null;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            problem = $"'{text}' is not an e-mail address such as 'name@example.com'.";
            return null;
        }

        var local = text[..at];
        if (local.Length > 64 || !LocalPart().IsMatch(local))
        {
            problem = $"'{text}' is not an e-mail address: the part before '@' may hold ASCII letters, digits, dots (not at the ends, not twice in a row) and !#$%&'*+/=?^_`{{|}}~- only, at most 64 of them.";
            return null;
        }

        var domain = NormalizeDomain(text[(at + 1)..]);
        if (domain is null)
        {
            problem = $"'{text}' is not an e-mail address: '{text[(at + 1)..]}' is not a domain name such as 'example.com'.";
            return null;
        }

        var address = local + "@" + domain;
        if (address.Length > MaxLength)
        {
            problem = $"'{text}' is longer than {MaxLength} characters.";
            return null;
        }

        return address;
    }

    /// <summary>The domain of a normalized address.</summary>
    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>A host name in lower-case ASCII (punycode for international names), or null when it is not one.</summary>
    public static string? NormalizeDomain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(text.Trim().TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        return ascii.Length <= 253 && HostName().IsMatch(ascii) ? ascii : null;
    }

    /// <summary>The key two addresses are compared by: the same mailbox in any letter case is one recipient.</summary>
    public static string Key(string address) => address.ToLowerInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPart();

    // Two or more labels of letters, digits and inner hyphens; the last one not all digits (that would be an IP).
    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
