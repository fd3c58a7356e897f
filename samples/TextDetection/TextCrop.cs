using System;
using SkiaSharp;

namespace TextDetection;

/// <summary>Cuts a detected text region out of the image, straightened and scaled to a fixed height.</summary>
internal static class TextCrop
{
    /// <summary>
    /// Maps the region's corners onto an upright rectangle <paramref name="height"/> pixels high, as wide as the region's
    /// proportions ask but at most <paramref name="maxWidth"/>. A region much taller than wide is taken to be a
    /// vertical line and turned a quarter counter-clockwise, as PaddleOCR does before classifying.
    /// </summary>
    /// <param name="image">The whole image.</param>
    /// <param name="corners">Top left, top right, bottom right, bottom left, in image pixels.</param>
    /// <param name="height">The crop's height.</param>
    /// <param name="maxWidth">The crop's largest width.</param>
    /// <returns>A new RGBA bitmap, owned by the caller.</returns>
    public static SKBitmap Cut(SKBitmap image, SKPoint[] corners, int height, int maxWidth)
    {
        float regionWidth = Math.Max(Distance(corners[0], corners[1]), Distance(corners[3], corners[2]));
        float regionHeight = Math.Max(Distance(corners[0], corners[3]), Distance(corners[1], corners[2]));
        // The corners that land on the crop's top left, top right and bottom left.
        (SKPoint topLeft, SKPoint topRight, SKPoint bottomLeft) = regionHeight >= 1.5f * regionWidth
            ? (corners[1], corners[2], corners[0])
            : (corners[0], corners[1], corners[3]);
        float aspect = Distance(topLeft, topRight) / Math.Max(1f, Distance(topLeft, bottomLeft));
        int width = Math.Clamp((int)MathF.Ceiling(height * aspect), 1, maxWidth);

        var crop = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(crop);
        canvas.SetMatrix(Affine(topLeft, topRight, bottomLeft, new SKPoint(0, 0), new SKPoint(width, 0), new SKPoint(0, height)));
        using SKImage source = SKImage.FromBitmap(image);
        canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        return crop;
    }

    // The affine map taking p0, p1, p2 to q0, q1, q2: the map from the unit frame to q's frame after the inverse of the
    // map from the unit frame to p's frame.
    private static SKMatrix Affine(SKPoint p0, SKPoint p1, SKPoint p2, SKPoint q0, SKPoint q1, SKPoint q2)
    {
        SKMatrix fromP = Frame(p0, p1, p2);
        if (!fromP.TryInvert(out SKMatrix toP)) throw new ArgumentException("The text region has no area.");
        return SKMatrix.Concat(Frame(q0, q1, q2), toP);
    }

    private static SKMatrix Frame(SKPoint origin, SKPoint xEnd, SKPoint yEnd) => new(
        xEnd.X - origin.X, yEnd.X - origin.X, origin.X,
        xEnd.Y - origin.Y, yEnd.Y - origin.Y, origin.Y,
        0, 0, 1);

    private static float Distance(SKPoint a, SKPoint b) => SKPoint.Distance(a, b);
}
