using System;
using SkiaSharp;

namespace TextDetection;

/// <summary>A text region the detector found: its four corners in image pixels (top left, top right, bottom right, bottom left) and its score.</summary>
internal sealed record DetectedText(SKPoint[] Corners, float Score)
{
    /// <summary>The middle of the region.</summary>
    public SKPoint Center => new((Corners[0].X + Corners[2].X) / 2, (Corners[0].Y + Corners[2].Y) / 2);

    /// <summary>The length of the top edge.</summary>
    public float Width => SKPoint.Distance(Corners[0], Corners[1]);

    /// <summary>The length of the left edge.</summary>
    public float Height => SKPoint.Distance(Corners[0], Corners[3]);

    /// <summary>The angle of the top edge, in degrees clockwise on screen.</summary>
    public float TiltDegrees => MathF.Atan2(Corners[1].Y - Corners[0].Y, Corners[1].X - Corners[0].X) * 180 / MathF.PI;
}
