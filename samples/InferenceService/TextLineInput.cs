using System;
using SkiaSharp;

namespace InferenceService;

/// <summary>
/// A PNG of a text line as the PP-OCR direction classifier takes it, as PaddleOCR prepares it: 48 pixels high, at most
/// 192 wide (aspect kept), BGR (PaddleOCR reads images with OpenCV), each value <c>(byte / 255 - 0.5) / 0.5</c>, and zeros
/// right of the line up to 192.
/// </summary>
internal static class TextLineInput
{
    public const int Height = 48;
    public const int Width = 192;

    /// <summary>The largest picture decoded: 16 million pixels (64 MB of RGBA), whatever its compressed size.</summary>
    private const long MaxPixels = 16L * 1024 * 1024;

    private static ReadOnlySpan<byte> PngSignature => new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>float32 [3, 48, 192], row-major, from <paramref name="png"/>.</summary>
    /// <exception cref="BadInputException">Not a PNG, damaged or truncated (400); more pixels than decoded here (413).</exception>
    public static float[] FromPng(byte[] png)
    {
        if (!png.AsSpan().StartsWith(PngSignature))
            throw BadInputException.BadRequest("The body is not a PNG: it does not start with the PNG signature.");
        using SKData data = SKData.CreateCopy(png);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null) throw BadInputException.BadRequest("The PNG cannot be read: its header is damaged or truncated.");
        SKImageInfo info = codec.Info;
        if ((long)info.Width * info.Height > MaxPixels)
            throw BadInputException.TooLarge($"The PNG is {info.Width}×{info.Height} pixels; at most {MaxPixels} pixels are decoded.");

        var rgba = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(rgba);
        SKCodecResult decoded = codec.GetPixels(rgba, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
            throw BadInputException.BadRequest($"The PNG cannot be decoded ({decoded}): it is damaged or truncated.");

        int width = Math.Min(Width, (int)Math.Ceiling(Height * (double)info.Width / info.Height));
        using SKBitmap resized = bitmap.Resize(new SKImageInfo(width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear))
            ?? throw BadInputException.BadRequest("The PNG cannot be resized.");
        return Normalized(resized.GetPixelSpan(), width);
    }

    private static float[] Normalized(ReadOnlySpan<byte> rgbaPixels, int width)
    {
        var values = new float[3 * Height * Width];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int pixel = (y * width + x) * 4;
                // Channel 0 is blue: BGR, as OpenCV reads it.
                for (int c = 0; c < 3; c++)
                    values[(c * Height + y) * Width + x] = (rgbaPixels[pixel + 2 - c] / 255f - 0.5f) / 0.5f;
            }
        }
        return values;
    }
}
