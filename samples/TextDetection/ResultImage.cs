using System.Collections.Generic;
using System.IO;
using OnnxTyped.Samples;
using SkiaSharp;

namespace TextDetection;

/// <summary>Draws the detected regions over the image, each labelled with its number and direction, and saves a PNG.</summary>
internal static class ResultImage
{
    private static readonly SKColor Upright = new(0x2E, 0x7D, 0x32);
    private static readonly SKColor TurnedOver = new(0xE6, 0x51, 0x00);
    private static readonly SKColor Unsure = new(0x78, 0x78, 0x78);
    private const float CaptionHeight = 36;

    /// <summary>Writes the picture to <paramref name="path"/>.</summary>
    public static void Write(string path, SKBitmap image, IReadOnlyList<DetectedText> regions, IReadOnlyList<TextDirection> directions)
    {
        var info = new SKImageInfo(image.Width, image.Height + (int)CaptionHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(image, 0, 0);

        using var labelFont = new SKFont(SampleFonts.Bold, 14);
        for (int i = 0; i < regions.Count; i++)
        {
            TextDirection direction = directions[i];
            SKColor color = direction.TurnOver ? TurnedOver : direction.Unsure ? Unsure : Upright;
            DrawOutline(canvas, regions[i].Corners, color);
            DrawLabel(canvas, regions[i].Corners[0], $"#{i + 1}  {direction.Degrees}°  {direction.Confidence:0.00}", labelFont, color);
        }

        using var captionFont = new SKFont(SampleFonts.Regular, 14);
        using var captionPaint = new SKPaint { Color = new SKColor(0x33, 0x33, 0x33), IsAntialias = true };
        canvas.DrawText(
            $"{regions.Count} regions.  Green: 0°.  Orange: 180°, turned over.  Grey: 180° below {TextDirection.TurnThreshold:0.0}, kept.",
            12, image.Height + CaptionHeight - 12, SKTextAlign.Left, captionFont, captionPaint);

        using SKImage snapshot = surface.Snapshot();
        using SKData png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    private static void DrawOutline(SKCanvas canvas, SKPoint[] corners, SKColor color)
    {
        using var path = new SKPath();
        path.AddPoly(corners, close: true);
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f, IsAntialias = true };
        canvas.DrawPath(path, paint);
    }

    // A filled tag just above the region's top-left corner (inside the region when there is no room above).
    private static void DrawLabel(SKCanvas canvas, SKPoint corner, string text, SKFont font, SKColor color)
    {
        float width = font.MeasureText(text) + 10;
        float height = font.Size + 8;
        float top = corner.Y - height >= 0 ? corner.Y - height : corner.Y;
        var tag = SKRect.Create(corner.X, top, width, height);
        using var fill = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawRoundRect(tag, 3, 3, fill);
        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(text, tag.Left + 5, tag.Bottom - 5, SKTextAlign.Left, font, ink);
    }
}
