using System.Text.Json;
using KpiFunctions.App.Http;

namespace KpiFunctions.App.Clients;

/// <summary>Someone at the client who receives its reports by e-mail.</summary>
/// <param name="Email">The address, normalized (domain in lower-case ASCII).</param>
/// <param name="Name">How the e-mail greets them; none when null.</param>
public sealed record Recipient(string Email, string? Name)
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// Reads the <c>recipients</c> array of a patch, <c>[{"email","name"}]</c> (null clears the list), checking every
    /// address against <paramref name="policy"/>; the problems go to <paramref name="validation"/> as
    /// <c>recipients[i].email</c> and <c>recipients[i].name</c>.
    /// </summary>
    public static IReadOnlyList<Recipient> ReadList(JsonElement value, RecipientPolicy? policy, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            validation.Add("recipients", "Must be an array of {\"email\",\"name\"} objects, or null for none.");
            return [];
        }

        if (value.GetArrayLength() > RecipientPolicy.MaxRecipients)
        {
            validation.Add("recipients", $"At most {RecipientPolicy.MaxRecipients} recipients; this list has {value.GetArrayLength()}.");
            return [];
        }

        var recipients = new List<Recipient>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"recipients[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                validation.Add(field, "Must be an object {\"email\",\"name\"}.");
                i++;
                continue;
            }

            string? email = null;
            string? name = null;
            foreach (var property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "email" when property.Value.ValueKind == JsonValueKind.String:
                        email = property.Value.GetString();
                        break;
                    case "email":
                        validation.Add($"{field}.email", "Must be a string.");
                        break;
                    case "name" when property.Value.ValueKind == JsonValueKind.Null:
                        break;
                    case "name" when property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString()!.Trim() is { Length: <= MaxNameLength } trimmed
                        && !trimmed.Any(char.IsControl):
                        name = trimmed.Length == 0 ? null : trimmed;
                        break;
                    case "name":
                        validation.Add($"{field}.name", $"Must be a string of at most {MaxNameLength} characters without line breaks, or null.");
                        break;
                    default:
                        validation.Add($"{field}.{property.Name}", "Unknown field; a recipient has email and name.");
                        break;
                }
            }

            if (!item.TryGetProperty("email", out _))
            {
                validation.Add($"{field}.email", "Required: an e-mail address such as 'name@example.com'.");
            }
            else if (email is not null)
            {
                var address = policy is null ? EmailAddress.Normalize(email, out var problem) : policy.Check(email, out problem);
                if (address is null)
                {
                    validation.Add($"{field}.email", problem!);
                }
                else if (seen.TryGetValue(EmailAddress.Key(address), out var first))
                {
                    validation.Add($"{field}.email", $"'{address}' is listed already, as recipients[{first}].");
                }
                else
                {
                    seen[EmailAddress.Key(address)] = i;
                    recipients.Add(new Recipient(address, name));
                }
            }

            i++;
        }

        return recipients;
    }
}
