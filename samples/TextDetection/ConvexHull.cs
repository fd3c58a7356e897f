using System.Collections.Generic;
using System.Linq;
using SkiaSharp;

namespace TextDetection;

/// <summary>The convex hull of a set of points, by Andrew's monotone chain.</summary>
internal static class ConvexHull
{
    /// <summary>The hull's corners in order around it, with no point repeated and no collinear points kept.</summary>
    public static IReadOnlyList<SKPoint> Of(IEnumerable<SKPoint> points)
    {
        SKPoint[] sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3) return sorted;

        // The lower chain left to right, then the upper chain right to left, each keeping only turns one way.
        var hull = new List<SKPoint>(2 * sorted.Length);
        foreach (SKPoint p in sorted) AddTurningLeft(hull, p, 2);
        int lowerCount = hull.Count + 1;
        for (int i = sorted.Length - 2; i >= 0; i--) AddTurningLeft(hull, sorted[i], lowerCount);
        hull.RemoveAt(hull.Count - 1);
        return hull;
    }

    private static void AddTurningLeft(List<SKPoint> hull, SKPoint p, int minCount)
    {
        while (hull.Count >= minCount && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
        hull.Add(p);
    }

    // Positive when o → a → b turns counter-clockwise (in x-right, y-up terms), zero when collinear.
    private static float Cross(SKPoint o, SKPoint a, SKPoint b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
