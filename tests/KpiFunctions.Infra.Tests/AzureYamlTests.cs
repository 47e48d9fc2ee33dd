namespace KpiFunctions.Infra.Tests;

/// <summary>azure.yaml (for azd) deploys the Functions project to the Function App that infra/main.bicep creates.</summary>
public class AzureYamlTests
{
    private static readonly IReadOnlyDictionary<string, string> AzureYaml =
        SimpleYaml.Read(File.ReadAllText(Path.Combine(Repo.Root, "azure.yaml")));

    [Fact]
    public void AzureYaml_ApiService_IsFunctionsProjectHostedAsFunction()
    {
        Assert.Equal("./src/KpiFunctions.Functions", AzureYaml["services.api.project"]);
        Assert.Equal("dotnet", AzureYaml["services.api.language"]);
        Assert.Equal("function", AzureYaml["services.api.host"]);
    }

    [Fact]
    public void AzureYaml_Infra_PointsAtExistingBicepModule()
    {
        Assert.Equal("bicep", AzureYaml["infra.provider"]);
        var infra = Path.Combine(Repo.Root, AzureYaml["infra.path"]);

        Assert.True(Directory.Exists(infra), $"infra path {infra} does not exist.");
        Assert.True(File.Exists(Path.Combine(infra, AzureYaml["infra.module"] + ".bicep")));
        Assert.True(File.Exists(Path.Combine(infra, AzureYaml["infra.module"] + ".parameters.json")));
    }

    [Fact]
    public void AzureYaml_Name_IsKpifunctions()
    {
        Assert.Equal("kpifunctions", AzureYaml["name"]);
    }
}
