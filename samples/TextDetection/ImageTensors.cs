using System;
using SkiaSharp;
using TorchSharp;

namespace TextDetection;

/// <summary>Turns SkiaSharp bitmaps into the float tensors PaddleOCR's models take.</summary>
internal static class ImageTensors
{
    /// <summary>
    /// The bitmap as a float32 [3, height, width] tensor in <b>BGR</b> channel order, each value
    /// <c>(byte / 255 - mean[c]) / std[c]</c>. PaddleOCR reads images with OpenCV, which gives BGR, and its models were
    /// trained that way; <paramref name="mean"/> and <paramref name="std"/> are in the same BGR order.
    /// </summary>
    /// <param name="bitmap">An RGBA8888 bitmap.</param>
    /// <param name="mean">Three per-channel means, BGR.</param>
    /// <param name="std">Three per-channel standard deviations, BGR.</param>
    /// <returns>A new tensor on the CPU, owned by the caller.</returns>
    public static torch.Tensor ToNormalizedBgr(SKBitmap bitmap, float[] mean, float[] std)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"The bitmap is {bitmap.ColorType}; {SKColorType.Rgba8888} is expected.", nameof(bitmap));
        using var scope = torch.NewDisposeScope();
        torch.Tensor rgba = torch.tensor(bitmap.Bytes, new long[] { bitmap.Height, bitmap.Width, 4 });
        torch.Tensor bgr = rgba.index_select(2, torch.tensor(new long[] { 2, 1, 0 })).permute(2, 0, 1).to(torch.float32) / 255;
        torch.Tensor normalized = (bgr - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1);
        return normalized.contiguous().MoveToOuterDisposeScope();
    }
}
