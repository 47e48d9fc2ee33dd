namespace KpiFunctions.Infra.Tests;

/// <summary>
/// Reads the YAML subset azure.yaml uses, nested block mappings of plain scalars, into dotted paths
/// (<c>services.api.host</c> → <c>function</c>). Anything else (lists, flow style, quotes, multi-line values)
/// throws, so a richer azure.yaml fails loudly here rather than being misread.
/// </summary>
internal static class SimpleYaml
{
    public static IReadOnlyDictionary<string, string> Read(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            var text = line.TrimStart(' ');
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || text.StartsWith('-') || "[{\"'|>".Contains(text[colon..].TrimStart(':', ' ').FirstOrDefault(' '), StringComparison.Ordinal))
            {
                throw new FormatException($"Unsupported YAML line: '{line}'.");
            }

            var indent = line.Length - text.Length;
            path.RemoveAll(p => p.Indent >= indent);
            var key = text[..colon].Trim();
            var value = text[(colon + 1)..].Trim();
            path.Add((indent, key));
            if (value.Length > 0)
            {
                values.Add(string.Join('.', path.Select(p => p.Key)), value);
            }
        }

        return values;
    }
}
