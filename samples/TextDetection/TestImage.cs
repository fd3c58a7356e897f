using System;
using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Samples;
using SkiaSharp;

namespace TextDetection;

/// <summary>
/// The picture the sample reads: a page of text lines in a few sizes and colours, two printed upside down and one
/// slightly tilted, drawn here so that the sample needs no image file and knows where every line is.
/// </summary>
internal sealed class TestImage : IDisposable
{
    private const int Width = 900;
    private const int Height = 720;
    private const float Margin = 56;

    // Each line is turned by its angle (degrees, clockwise on screen) about the middle of its glyphs.
    private static readonly (string Text, float Size, bool Bold, SKColor Color, float Degrees)[] Lines =
    {
        ("OnnxTyped", 64, true, new SKColor(0x1F, 0x3A, 0x5F), 0),
        ("Typed ONNX models for TorchSharp", 34, true, new SKColor(0x22, 0x22, 0x22), 0),
        ("Generated at compile time from .onnx files", 28, false, new SKColor(0x33, 0x33, 0x33), 0),
        ("This line is printed upside down", 34, true, new SKColor(0x8B, 0x1E, 0x1E), 180),
        ("Run and RunInto bind tensors to ONNX Runtime", 28, false, new SKColor(0x33, 0x33, 0x33), 0),
        ("Text detection: PP-OCRv4 and DB boxes", 28, false, new SKColor(0x1B, 0x5E, 0x20), -4),
        ("Small print can be upside down too", 22, false, new SKColor(0x4A, 0x14, 0x8C), 180),
        ("Each crop is read at 0 or 180 degrees", 24, false, new SKColor(0x33, 0x33, 0x33), 0),
    };

    private TestImage(SKBitmap bitmap, IReadOnlyList<DrawnLine> drawnLines)
    {
        Bitmap = bitmap;
        DrawnLines = drawnLines;
    }

    /// <summary>The picture, RGBA; disposed with this object.</summary>
    public SKBitmap Bitmap { get; }

    /// <summary>The lines as drawn, top to bottom, with the level rectangles around their glyphs.</summary>
    public IReadOnlyList<DrawnLine> DrawnLines { get; }

    /// <summary>Draws the picture.</summary>
    public static TestImage Draw()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(0xF7, 0xF4, 0xEC));

        // Each line gets a band as high as its turned glyphs; the bands are spread evenly down the page.
        SKRect[] boxes = Array.ConvertAll(Lines, line => GlyphBoxAtBaseline(line.Text, line.Size, line.Bold));
        float[] bands = boxes.Select((box, i) => Turned(Lines[i].Degrees, box).Height).ToArray();
        float gap = (Height - 2 * Margin - bands.Sum()) / (Lines.Length - 1);
        var drawn = new List<DrawnLine>();
        float top = Margin;
        for (int i = 0; i < Lines.Length; i++)
        {
            (string text, float size, bool bold, SKColor color, float degrees) = Lines[i];
            float baseline = top + (bands[i] - boxes[i].Height) / 2 - boxes[i].Top;
            SKRect glyphs = boxes[i];
            glyphs.Offset(0, baseline);

            using var font = Font(size, bold);
            using var paint = new SKPaint { Color = color, IsAntialias = true };
            canvas.Save();
            canvas.Concat(SKMatrix.CreateRotationDegrees(degrees, glyphs.MidX, glyphs.MidY));
            canvas.DrawText(text, Margin, baseline, SKTextAlign.Left, font, paint);
            canvas.Restore();

            drawn.Add(new DrawnLine(text, Turned(degrees, glyphs), degrees));
            top += bands[i] + gap;
        }
        return new TestImage(bitmap, drawn);
    }

    /// <summary>Disposes the bitmap.</summary>
    public void Dispose() => Bitmap.Dispose();

    // The rectangle the glyphs cover when the text is drawn level from the left margin on the baseline y = 0.
    private static SKRect GlyphBoxAtBaseline(string text, float size, bool bold)
    {
        using SKFont font = Font(size, bold);
        font.MeasureText(text, out SKRect box);
        box.Offset(Margin, 0);
        return box;
    }

    // The level rectangle around a glyph box turned about its middle.
    private static SKRect Turned(float degrees, SKRect glyphs) =>
        SKMatrix.CreateRotationDegrees(degrees, glyphs.MidX, glyphs.MidY).MapRect(glyphs);

    private static SKFont Font(float size, bool bold) => new(bold ? SampleFonts.Bold : SampleFonts.Regular, size);
}
