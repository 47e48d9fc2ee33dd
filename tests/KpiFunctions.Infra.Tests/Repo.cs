namespace KpiFunctions.Infra.Tests;

/// <summary>Paths of this repository, found from the test's output folder.</summary>
internal static class Repo
{
    /// <summary>The folder that holds KpiFunctions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Bicep templates: main.bicep, main.parameters.json, modules/.</summary>
    public static string Infra => Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KpiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"KpiFunctions.sln not found above {AppContext.BaseDirectory}.");
    }
}
