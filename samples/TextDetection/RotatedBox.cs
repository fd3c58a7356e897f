using System;
using System.Collections.Generic;
using SkiaSharp;

namespace TextDetection;

/// <summary>
/// A rectangle at any angle: its centre, its sides and the angle of its <see cref="Width"/> side, kept within
/// (-45°, 45°] so that for text that is roughly level the width runs along the line.
/// </summary>
internal readonly record struct RotatedBox(SKPoint Center, float Width, float Height, float AngleDegrees)
{
    /// <summary>The area.</summary>
    public float Area => Width * Height;

    /// <summary>The length of the outline.</summary>
    public float Perimeter => 2 * (Width + Height);

    /// <summary>The shorter side.</summary>
    public float ShortSide => Math.Min(Width, Height);

    /// <summary>The corners, clockwise on screen from the top left of the upright box: top left, top right, bottom right, bottom left.</summary>
    public SKPoint[] Corners()
    {
        (SKPoint along, SKPoint across) = Axes();
        SKPoint halfWidth = Scale(along, Width / 2), halfHeight = Scale(across, Height / 2);
        return new[]
        {
            Center - halfWidth - halfHeight,
            Center + halfWidth - halfHeight,
            Center + halfWidth + halfHeight,
            Center - halfWidth + halfHeight,
        };
    }

    /// <summary>Whether <paramref name="point"/> lies inside or on the box.</summary>
    public bool Contains(SKPoint point)
    {
        (SKPoint along, SKPoint across) = Axes();
        SKPoint offset = point - Center;
        return Math.Abs(Dot(offset, along)) <= Width / 2 && Math.Abs(Dot(offset, across)) <= Height / 2;
    }

    /// <summary>The box grown by <paramref name="distance"/> on every side.</summary>
    public RotatedBox Inflate(float distance) => this with { Width = Width + 2 * distance, Height = Height + 2 * distance };

    /// <summary>
    /// The smallest-area rectangle around a convex polygon. One of its sides lies along a side of the polygon (Freeman
    /// and Shapira), so trying each side's direction and measuring the polygon along it and across it finds it.
    /// </summary>
    /// <param name="hull">The polygon's corners in order (see <see cref="ConvexHull.Of"/>).</param>
    public static RotatedBox MinimumAreaAround(IReadOnlyList<SKPoint> hull)
    {
        if (hull.Count == 0) throw new ArgumentException("No points.", nameof(hull));
        Extent best = Extent.Of(hull, new SKPoint(1, 0));
        // Two points (a segment) have two "sides", both along it; a single point has none and keeps the level box.
        for (int i = 0; i < hull.Count; i++)
        {
            SKPoint edge = hull[(i + 1) % hull.Count] - hull[i];
            if (edge.Length == 0) continue;
            Extent candidate = Extent.Of(hull, Scale(edge, 1 / edge.Length));
            if (candidate.Area < best.Area) best = candidate;
        }

        SKPoint across = Perpendicular(best.Along);
        SKPoint center = Scale(best.Along, (best.MinAlong + best.MaxAlong) / 2) + Scale(across, (best.MinAcross + best.MaxAcross) / 2);
        float angle = MathF.Atan2(best.Along.Y, best.Along.X) * 180 / MathF.PI;
        return Upright(center, best.MaxAlong - best.MinAlong, best.MaxAcross - best.MinAcross, angle);
    }

    // Turning the angle by 90° swaps which side is the width; this brings it into (-45°, 45°].
    private static RotatedBox Upright(SKPoint center, float width, float height, float angle)
    {
        while (angle > 45) (angle, width, height) = (angle - 90, height, width);
        while (angle <= -45) (angle, width, height) = (angle + 90, height, width);
        return new RotatedBox(center, width, height, angle);
    }

    private (SKPoint Along, SKPoint Across) Axes()
    {
        float radians = AngleDegrees * MathF.PI / 180;
        var along = new SKPoint(MathF.Cos(radians), MathF.Sin(radians));
        return (along, Perpendicular(along));
    }

    // A quarter turn clockwise on screen (y down), so that for a level box "across" points down the page.
    private static SKPoint Perpendicular(SKPoint v) => new(-v.Y, v.X);

    private static float Dot(SKPoint a, SKPoint b) => a.X * b.X + a.Y * b.Y;

    private static SKPoint Scale(SKPoint v, float factor) => new(v.X * factor, v.Y * factor);

    // How far a set of points reaches along a unit direction and across it.
    private readonly record struct Extent(SKPoint Along, float MinAlong, float MaxAlong, float MinAcross, float MaxAcross)
    {
        public float Area => (MaxAlong - MinAlong) * (MaxAcross - MinAcross);

        public static Extent Of(IReadOnlyList<SKPoint> points, SKPoint along)
        {
            SKPoint across = Perpendicular(along);
            float minAlong = float.MaxValue, maxAlong = float.MinValue, minAcross = float.MaxValue, maxAcross = float.MinValue;
            foreach (SKPoint p in points)
            {
                float a = Dot(p, along), b = Dot(p, across);
                (minAlong, maxAlong) = (Math.Min(minAlong, a), Math.Max(maxAlong, a));
                (minAcross, maxAcross) = (Math.Min(minAcross, b), Math.Max(maxAcross, b));
            }
            return new Extent(along, minAlong, maxAlong, minAcross, maxAcross);
        }
    }
}
