namespace KpiFunctions.Kpis.Goals;

/// <summary>The ordinary least-squares line through points, evaluated at one x.</summary>
internal static class LeastSquares
{
    /// <summary>
    /// The value at <paramref name="x"/> of the line <c>y = a + b·x</c> that minimises the squared vertical distances
    /// to <paramref name="points"/>: <c>b = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)²</c>, <c>a = ȳ - b·x̄</c>. Null with fewer than
    /// two distinct x values, or when the result is not finite.
    /// </summary>
    public static double? At(IReadOnlyList<(double X, double Y)> points, double x)
    {
        if (points.Count < 2)
        {
            return null;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        double sxy = 0, sxx = 0;
        foreach (var (px, py) in points)
        {
            sxy += (px - meanX) * (py - meanY);
            sxx += (px - meanX) * (px - meanX);
        }

        if (sxx == 0)
        {
            return null;
        }

        var value = meanY + (sxy / sxx * (x - meanX));
        return double.IsFinite(value) ? value : null;
    }
}
