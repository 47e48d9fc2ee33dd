using Microsoft.Azure.WebJobs;

namespace KpiFunctions.Host.Jobs;

/// <summary>The classes whose methods the WebJobs SDK indexes as functions: only those named, not every loaded type.</summary>
public sealed class FunctionTypes(params Type[] types) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => types;
}
