using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OnnxTyped;

namespace InferenceService;

/// <summary><c>POST /text-direction</c>: which way up the text line in a PNG is, by the PP-OCR direction classifier.</summary>
internal static class TextDirectionEndpoint
{
    public static Task<IResult> HandleAsync(HttpRequest request, TextDirectionClassifier model, CancellationToken requestAborted) =>
        Answers.Of(async () =>
        {
            byte[] png = await RequestBodies.ReadAsync(request, "image/png", requestAborted);
            return await ClassifyAsync(model, TextLineInput.FromPng(png), requestAborted);
        }, requestAborted);

    /// <summary>Runs the classifier on one prepared line (float32 [3, 48, 192]); micro-batched with concurrent requests when the model is.</summary>
    public static async Task<TextDirectionAnswer> ClassifyAsync(TextDirectionClassifier model, float[] line, CancellationToken cancellation)
    {
        using OnnxTensor<float> input = OnnxTensor<float>.FromArray(line, 1, 3, TextLineInput.Height, TextLineInput.Width);
        using TextDirectionClassifier.Outputs outputs = await model.RunAsync(input, cancellation);
        // softmax_0.tmp_0 is float32 [1, 2]: the probabilities of "0°" and "180°" (PaddleOCR's label_list).
        float upright = outputs.Softmax0Tmp0.Span[0], upsideDown = outputs.Softmax0Tmp0.Span[1];
        return upsideDown > upright ? new TextDirectionAnswer(180, upsideDown) : new TextDirectionAnswer(0, upright);
    }

    /// <summary>The warm-up before readiness: one blank line through the same path as a request.</summary>
    public static async ValueTask WarmUpAsync(TextDirectionClassifier model, CancellationToken cancellation) =>
        await ClassifyAsync(model, new float[3 * TextLineInput.Height * TextLineInput.Width], cancellation);
}
