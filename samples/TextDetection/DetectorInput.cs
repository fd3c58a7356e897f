using System;
using SkiaSharp;
using TorchSharp;

namespace TextDetection;

/// <summary>
/// An image made ready for the PP-OCRv4 detector as PaddleOCR does it for inference: scaled down so that its longer
/// side is at most <see cref="MaxSide"/>, then stretched so that both sides are multiples of 32 (the network halves
/// the image five times), then normalised with the ImageNet mean and deviation.
/// </summary>
internal sealed class DetectorInput : IDisposable
{
    /// <summary>The longest side the detector is given (PaddleOCR's <c>limit_side_len</c> for PP-OCRv4).</summary>
    public const int MaxSide = 960;

    // ImageNet's mean and deviation, listed R, G, B by PaddleOCR and applied as listed to its BGR channels; so here B, G, R.
    private static readonly float[] Mean = { 0.485f, 0.456f, 0.406f };
    private static readonly float[] Std = { 0.229f, 0.224f, 0.225f };

    private DetectorInput(torch.Tensor tensor, float scaleX, float scaleY)
    {
        Tensor = tensor;
        ScaleX = scaleX;
        ScaleY = scaleY;
    }

    /// <summary>The float32 [1, 3, H, W] input, on the device it was made for.</summary>
    public torch.Tensor Tensor { get; }

    /// <summary>Image pixels per detector pixel, across.</summary>
    public float ScaleX { get; }

    /// <summary>Image pixels per detector pixel, down.</summary>
    public float ScaleY { get; }

    /// <summary>Resizes and normalises <paramref name="image"/> into a tensor on <paramref name="device"/>.</summary>
    public static DetectorInput From(SKBitmap image, torch.Device device)
    {
        float shrink = Math.Min(1f, (float)MaxSide / Math.Max(image.Width, image.Height));
        int width = MultipleOf32(image.Width * shrink);
        int height = MultipleOf32(image.Height * shrink);

        using SKBitmap resized = image.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear))
            ?? throw new InvalidOperationException($"SkiaSharp could not resize the image to {width}×{height}.");
        using torch.Tensor chw = ImageTensors.ToNormalizedBgr(resized, Mean, Std);
        torch.Tensor batch = chw.unsqueeze(0).to(device, disposeAfter: true);
        return new DetectorInput(batch, (float)image.Width / width, (float)image.Height / height);
    }

    private static int MultipleOf32(float side) => Math.Max(32, (int)Math.Round(side / 32) * 32);

    /// <summary>Disposes the tensor.</summary>
    public void Dispose() => Tensor.Dispose();
}
