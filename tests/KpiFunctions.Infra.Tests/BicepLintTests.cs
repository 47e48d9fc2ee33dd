namespace KpiFunctions.Infra.Tests;

/// <summary>
/// <c>bicep lint</c> (with infra/bicepconfig.json) prints nothing for main.bicep and for every module, and
/// <c>bicep format</c> would change none of them. The CLI exits 0 on warnings, so any printed diagnostic fails the
/// test: warnings count as errors.
/// </summary>
public class BicepLintTests
{
    /// <summary>infra/main.bicep and every infra/modules/*.bicep, relative to the repository root.</summary>
    public static TheoryData<string> BicepFiles() => [.. Files()];

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Infra, "modules"), "*.bicep")
            .Select(module => "infra/modules/" + Path.GetFileName(module))
            .Order(StringComparer.Ordinal)
            .Prepend("infra/main.bicep");

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_BicepFile_PrintsNoDiagnostics(string file)
    {
        var run = await Bicep.RunAsync(["lint", file], CancellationToken.None);

        Assert.True(run.ExitCode == 0 && run.StdOut.Trim().Length == 0 && run.StdErr.Trim().Length == 0, run.ToString());
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Format_BicepFile_IsAlreadyFormatted(string file)
    {
        var run = await Bicep.RunAsync(["format", file, "--stdout"], CancellationToken.None);

        Assert.True(run.ExitCode == 0, run.ToString());
        // bicep format writes LF line endings like .editorconfig; fix a failure with `bicep format <file>`.
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repo.Root, file)), run.StdOut);
    }

    [Fact]
    public void BicepFiles_Modules_AreAllThere()
    {
        // The theories enumerate the folder: pinning the list makes adding, renaming or losing a module a visible change.
        Assert.Equal(
            ["infra/main.bicep", "infra/modules/functionapp.bicep", "infra/modules/keyvault.bicep", "infra/modules/monitoring.bicep", "infra/modules/storage.bicep"],
            Files());
    }
}
