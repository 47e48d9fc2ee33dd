namespace KpiFunctions.Kpis;

/// <summary>The platforms an account can belong to; the ids are part of the public API.</summary>
public static class Platforms
{
    /// <summary>Every platform id, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["facebook", "instagram", "linkedin", "x", "youtube", "tiktok", "pinterest", "meta_ads", "other"];

    /// <summary>True when <paramref name="id"/> is a known platform id (case-sensitive).</summary>
    public static bool IsKnown(string id) => All.Contains(id, StringComparer.Ordinal);

    /// <summary>The platform's position in <see cref="All"/>, for stable ordering.</summary>
    public static int Order(string id) => All.ToList().IndexOf(id);
}
