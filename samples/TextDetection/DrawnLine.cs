using System;
using SkiaSharp;

namespace TextDetection;

/// <summary>A line of text the test image holds: what was drawn, the level rectangle around it, and how far it was turned.</summary>
internal sealed record DrawnLine(string Text, SKRect Bounds, float Degrees)
{
    /// <summary>Whether the line was drawn more than a quarter turn from upright, so that it reads upside down.</summary>
    public bool UpsideDown => Math.Abs(Degrees) > 90;
}
