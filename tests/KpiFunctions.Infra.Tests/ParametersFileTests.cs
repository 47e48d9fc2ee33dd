using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.Infra.Tests;

/// <summary>
/// infra/main.parameters.json (what azd passes, after substituting its environment values) fits the parameters
/// that infra/main.bicep declares, as compiled.
/// </summary>
public partial class ParametersFileTests
{
    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

    [Fact]
    public async Task ParametersFile_Names_AreAllDeclaredByMainBicep()
    {
        var declared = (await CompiledTemplate.MainAsync()).Parameters;

        var unknown = ParametersFile().Select(p => p.Key).Where(name => !declared.ContainsKey(name)).ToList();

        Assert.True(unknown.Count == 0, $"Not parameters of main.bicep: {string.Join(", ", unknown)}");
    }

    [Fact]
    public async Task ParametersFile_RequiredParameters_AreAllSet()
    {
        var declared = (await CompiledTemplate.MainAsync()).Parameters;
        var file = ParametersFile();

        var missing = declared.Where(p => p.Value!["defaultValue"] is null && !file.ContainsKey(p.Key)).Select(p => p.Key).ToList();

        Assert.True(missing.Count == 0, $"Parameters without a default missing from main.parameters.json: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task ParametersFile_SecureParameters_ComeFromAzdEnvironment()
    {
        var declared = (await CompiledTemplate.MainAsync()).Parameters;
        var file = ParametersFile();

        var secure = declared.Where(p => (string?)p.Value!["type"] == "securestring").Select(p => p.Key).ToList();

        Assert.NotEmpty(secure);
        Assert.All(secure, name => Assert.Matches(EnvironmentReference(), (string?)file[name]?["value"] ?? ""));
    }

    [Fact]
    public async Task ParametersFile_Fallbacks_EqualMainBicepDefaults()
    {
        var declared = (await CompiledTemplate.MainAsync()).Parameters;

        // "${NAME=fallback}": azd uses the fallback when NAME is not set; it must not drift from main.bicep's default.
        foreach (var (name, value) in ParametersFile())
        {
            var match = EnvironmentReference().Match((string?)value?["value"] ?? "");
            if (!match.Success || !match.Groups["fallback"].Success)
            {
                continue;
            }

            var expected = declared[name]!["defaultValue"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                JsonNode other => other.ToJsonString(),
                null => null,
            };
            Assert.True(expected == match.Groups["fallback"].Value, $"{name}: fallback '{match.Groups["fallback"].Value}', main.bicep default '{expected}'.");
        }
    }

    // An azd environment reference: ${NAME} or ${NAME=fallback}.
    [GeneratedRegex(@"^\$\{(?<name>[A-Z][A-Z0-9_]*)(=(?<fallback>[^}]*))?\}$")]
    private static partial Regex EnvironmentReference();
}
