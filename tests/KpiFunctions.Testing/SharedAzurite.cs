namespace KpiFunctions.Testing;

/// <summary>
/// One Azurite for the whole test assembly. xunit 2 has no assembly fixture, and a collection fixture would
/// run every class of the collection one after another; a lazily started process shared by the class fixtures
/// lets the classes run in parallel. Each server keeps its own tables (a fresh table prefix).
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<Azurite>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<Azurite> GetAsync() => Instance.Value;

    private static async Task<Azurite> StartAsync()
    {
        var azurite = await Azurite.StartAsync();

        // The test host process ends without disposing statics: stop node with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
