namespace KpiFunctions.Testing;

/// <summary>Finds files of this repository from a test's or benchmark's output folder.</summary>
public static class RepoPaths
{
    /// <summary>The folder that holds KpiFunctions.sln.</summary>
    public static string Root { get; } = FindRoot();

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
