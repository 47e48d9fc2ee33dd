using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.Infra.Tests;

/// <summary>
/// The ARM JSON that <c>bicep build infra/main.bicep --stdout</c> prints, compiled once per test run and shared by
/// the test classes.
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(() => CompileAsync("infra/main.bicep", CancellationToken.None));

    private CompiledTemplate(BicepRun run, JsonObject json)
    {
        Run = run;
        Json = json;
        Resources = [.. ResourcesOf(json)];
    }

    /// <summary>The build's exit code and output.</summary>
    public BicepRun Run { get; }

    /// <summary>The top-level template.</summary>
    public JsonObject Json { get; }

    /// <summary>Every resource of the template and of its modules (nested deployments), modules included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The top-level parameters: name to declaration (type, defaultValue, ...).</summary>
    public JsonObject Parameters => Json["parameters"]!.AsObject();

    /// <summary>infra/main.bicep, compiled (once).</summary>
    public static Task<CompiledTemplate> MainAsync() => Main.Value;

    /// <summary>The resources of type <paramref name="type"/> (case-insensitive, as ARM compares types).</summary>
    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of type <paramref name="type"/>; fails when there are none or several.</summary>
    public ArmResource Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}.");
        return matches[0];
    }

    private static async Task<CompiledTemplate> CompileAsync(string file, CancellationToken cancellationToken)
    {
        var run = await Bicep.RunAsync(["build", file, "--stdout"], cancellationToken);
        var json = run.ExitCode == 0 && run.StdOut.Length > 0 ? JsonNode.Parse(run.StdOut)!.AsObject() : [];
        return new CompiledTemplate(run, json);
    }

    // Resources are an array (languageVersion 1) or an object keyed by symbolic name (languageVersion 2.0); a
    // module is a Microsoft.Resources/deployments resource whose properties.template is a template again.
    private static IEnumerable<ArmResource> ResourcesOf(JsonObject template)
    {
        IEnumerable<JsonNode?> nodes = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject byName => byName.Select(p => p.Value),
            _ => [],
        };
        foreach (var node in nodes.OfType<JsonObject>())
        {
            var resource = new ArmResource(node, template);
            yield return resource;
            if (node["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>One resource of a compiled template, with the template that declares it (for its variables).</summary>
internal sealed partial record ArmResource(JsonObject Json, JsonObject Template)
{
    /// <summary>The resource type, e.g. <c>Microsoft.Web/sites</c>.</summary>
    public string Type => (string)Json["type"]!;

    /// <summary>The resource's properties.</summary>
    public JsonObject Properties => Json["properties"]!.AsObject();

    /// <summary>The resource has a condition (it is deployed only when an expression is true).</summary>
    public bool IsConditional => Json["condition"] is not null;

    /// <summary>
    /// <paramref name="expression"/> with every <c>variables('name')</c> whose value is a plain string replaced by
    /// that string, so a role definition id built from a variable shows its GUID.
    /// </summary>
    public string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, m =>
            Template["variables"]?[m.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text) ? text : m.Value);

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}
