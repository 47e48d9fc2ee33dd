namespace KpiFunctions.App;

/// <summary>The configuration cannot work; the message says what to set.</summary>
public sealed class StartupException(string message) : Exception(message);
