using System;
using System.Collections.Generic;
using SkiaSharp;
using TorchSharp;

namespace TextDetection;

/// <summary>
/// Runs the PP-OCR direction classifier over detected text regions, several crops per call, as PaddleOCR prepares them:
/// each crop 48 pixels high and at most 192 wide, normalised to [-1, 1], and padded with zeros to 192 on the right.
/// </summary>
internal static class DirectionClassification
{
    /// <summary>Crops per model call (PaddleOCR's <c>cls_batch_num</c>).</summary>
    public const int BatchSize = 6;

    private const int CropHeight = 48;
    private const int CropWidth = 192;
    private static readonly float[] Half = { 0.5f, 0.5f, 0.5f };

    /// <summary>Classifies every region of <paramref name="regions"/> in <paramref name="image"/>.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="image">The image the regions were found in.</param>
    /// <param name="regions">The regions.</param>
    /// <param name="device">Where the model takes its input.</param>
    /// <param name="classified">Called after each batch with the number of regions it held.</param>
    /// <returns>One direction per region, in order.</returns>
    public static TextDirection[] Classify(DirectionClassifier model, SKBitmap image, IReadOnlyList<DetectedText> regions, torch.Device device, Action<int> classified)
    {
        var directions = new TextDirection[regions.Count];
        for (int first = 0; first < regions.Count; first += BatchSize)
        {
            int count = Math.Min(BatchSize, regions.Count - first);
            using torch.Tensor batch = Batch(image, regions, first, count).to(device, disposeAfter: true);
            using DirectionClassifier.TorchOutputs outputs = model.RunTorch(batch);
            using torch.Tensor scores = outputs.Softmax0Tmp0.cpu();
            float[] probabilities = scores.data<float>().ToArray();
            for (int i = 0; i < count; i++)
            {
                // Column 0 is the score of "0°", column 1 of "180°".
                float upright = probabilities[2 * i], upsideDown = probabilities[2 * i + 1];
                directions[first + i] = upsideDown > upright ? new TextDirection(180, upsideDown) : new TextDirection(0, upright);
            }
            classified(count);
        }
        return directions;
    }

    // float32 [count, 3, 48, 192]: the crops side by side in one batch, zeros right of each crop.
    private static torch.Tensor Batch(SKBitmap image, IReadOnlyList<DetectedText> regions, int first, int count)
    {
        torch.Tensor batch = torch.zeros(count, 3, CropHeight, CropWidth);
        for (int i = 0; i < count; i++)
        {
            using SKBitmap crop = TextCrop.Cut(image, regions[first + i].Corners, CropHeight, CropWidth);
            using torch.Tensor pixels = ImageTensors.ToNormalizedBgr(crop, Half, Half);
            using torch.Tensor slot = batch[i, .., .., ..crop.Width];
            slot.copy_(pixels);
        }
        return batch;
    }
}
