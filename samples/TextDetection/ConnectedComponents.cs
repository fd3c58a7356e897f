using System;
using System.Collections.Generic;
using SkiaSharp;

namespace TextDetection;

/// <summary>The 8-connected regions of set pixels in a binary mask.</summary>
internal static class ConnectedComponents
{
    /// <summary>
    /// Finds every region and returns, for each, the leftmost and rightmost pixel of each of its rows. Every pixel of
    /// a region lies between the ends of its row, so these points have the same convex hull as the whole region at a
    /// fraction of the points.
    /// </summary>
    /// <param name="mask">Row-major, <paramref name="width"/> × <paramref name="height"/>; <see langword="true"/> = set.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <returns>One list of points (pixel column, row) per region, in the order their first pixel is met.</returns>
    public static List<List<SKPoint>> RowEnds(bool[] mask, int width, int height)
    {
        var regions = new List<List<SKPoint>>();
        var visited = new bool[mask.Length];
        var pending = new Stack<int>();
        for (int seed = 0; seed < mask.Length; seed++)
        {
            if (!mask[seed] || visited[seed]) continue;

            var rowEnds = new Dictionary<int, (int Left, int Right)>();
            visited[seed] = true;
            pending.Push(seed);
            while (pending.Count > 0)
            {
                int index = pending.Pop();
                int x = index % width, y = index / width;
                rowEnds[y] = rowEnds.TryGetValue(y, out var ends)
                    ? (Math.Min(ends.Left, x), Math.Max(ends.Right, x))
                    : (x, x);
                for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    int neighbour = ny * width + nx;
                    if (!mask[neighbour] || visited[neighbour]) continue;
                    visited[neighbour] = true;
                    pending.Push(neighbour);
                }
            }

            var points = new List<SKPoint>(2 * rowEnds.Count);
            foreach ((int y, (int left, int right)) in rowEnds)
            {
                points.Add(new SKPoint(left, y));
                if (right != left) points.Add(new SKPoint(right, y));
            }
            regions.Add(points);
        }
        return regions;
    }
}
