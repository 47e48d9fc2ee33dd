using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Http;

/// <summary>
/// Collects every problem of one request, keyed by the field or parameter it concerns. At most
/// <see cref="MaxFields"/> fields are kept (a push of 10,000 bad rows must not make a 10,000-entry answer): readers of
/// long bodies stop once it <see cref="IsFull"/>, and the answer says so.
/// </summary>
public sealed class Validation
{
    /// <summary>The most fields an answer lists.</summary>
    public const int MaxFields = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public int Count => _errors.Count;

    /// <summary>True once <see cref="MaxFields"/> fields have problems: reading further would only find more.</summary>
    public bool IsFull => _errors.Count == MaxFields;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            if (IsFull)
            {
                return;
            }

            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public ValidationProblem ToProblem(string title = "The request has invalid fields.") =>
        TypedResults.ValidationProblem(
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            detail: IsFull ? $"Checking stopped at the first {MaxFields} fields with problems: fix these and send it again." : null,
            title: title);
}
