using System;
using System.Collections.Generic;
using System.Linq;
using SkiaSharp;

namespace TextDetection;

/// <summary>
/// Turns the probability map of a DB (Differentiable Binarization) text detector into boxes, with PaddleOCR's
/// inference settings for PP-OCRv4. The network is trained to mark a <i>shrunk</i> core of each text region, so that
/// neighbouring lines stay apart; each core found is grown back by the distance the training shrank it by.
/// </summary>
internal static class DbPostProcessing
{
    /// <summary>A pixel belongs to text at this probability or more.</summary>
    public const float PixelThreshold = 0.3f;

    /// <summary>A box is kept when the mean probability inside it is at least this.</summary>
    public const float BoxThreshold = 0.6f;

    /// <summary>How far a core is grown: by area × ratio / perimeter, which roughly undoes the shrinking in training.</summary>
    public const float UnclipRatio = 1.5f;

    // Cores thinner than this (in map pixels) are noise; so are grown boxes thinner than this plus 2.
    private const float MinSide = 3;
    private const int MaxCandidates = 1000;

    /// <summary>Finds the text boxes in <paramref name="probabilities"/>, in reading order (top to bottom, then left to right).</summary>
    /// <param name="probabilities">The detector's map, row-major, <paramref name="width"/> × <paramref name="height"/>.</param>
    /// <param name="width">The map's width.</param>
    /// <param name="height">The map's height.</param>
    /// <param name="scaleX">Image pixels per map pixel, across.</param>
    /// <param name="scaleY">Image pixels per map pixel, down.</param>
    /// <param name="imageSize">The image's size: boxes are clipped to it.</param>
    public static IReadOnlyList<DetectedText> FindBoxes(float[] probabilities, int width, int height, float scaleX, float scaleY, SKSizeI imageSize)
    {
        bool[] mask = Array.ConvertAll(probabilities, p => p >= PixelThreshold);
        var found = new List<DetectedText>();
        foreach (List<SKPoint> region in ConnectedComponents.RowEnds(mask, width, height).Take(MaxCandidates))
        {
            RotatedBox core = RotatedBox.MinimumAreaAround(ConvexHull.Of(region));
            if (core.ShortSide < MinSide) continue;
            float score = MeanInside(core, probabilities, width, height);
            if (score < BoxThreshold) continue;

            RotatedBox grown = core.Inflate(core.Area * UnclipRatio / core.Perimeter);
            if (grown.ShortSide < MinSide + 2) continue;
            SKPoint[] corners = Array.ConvertAll(grown.Corners(), c => new SKPoint(
                Math.Clamp(MathF.Round(c.X * scaleX), 0, imageSize.Width),
                Math.Clamp(MathF.Round(c.Y * scaleY), 0, imageSize.Height)));
            found.Add(new DetectedText(corners, score));
        }
        return found.OrderBy(t => t.Corners[0].Y).ThenBy(t => t.Corners[0].X).ToArray();
    }

    // The box's score: the mean probability of the map pixels inside it.
    private static float MeanInside(RotatedBox box, float[] probabilities, int width, int height)
    {
        SKPoint[] corners = box.Corners();
        int left = Math.Max(0, (int)MathF.Floor(corners.Min(c => c.X)));
        int right = Math.Min(width - 1, (int)MathF.Ceiling(corners.Max(c => c.X)));
        int top = Math.Max(0, (int)MathF.Floor(corners.Min(c => c.Y)));
        int bottom = Math.Min(height - 1, (int)MathF.Ceiling(corners.Max(c => c.Y)));
        double sum = 0;
        int count = 0;
        for (int y = top; y <= bottom; y++)
        for (int x = left; x <= right; x++)
        {
            if (!box.Contains(new SKPoint(x, y))) continue;
            sum += probabilities[y * width + x];
            count++;
        }
        return count == 0 ? 0 : (float)(sum / count);
    }
}
