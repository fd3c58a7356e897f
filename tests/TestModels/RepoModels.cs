using System;
using System.IO;

namespace OnnxTyped.TestModels;

/// <summary>
/// The real models of the repository's models/ folder ($(RepoModelsDir)), as the test and benchmark projects copy them
/// beside their assembly (models/ under the output folder).
/// </summary>
public static class RepoModels
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Silero VAD (16 kHz, opset 15): a small recurrent model with a state input.</summary>
    public static string SileroVad => Path.Combine(Folder, "silero_vad_16k_op15.onnx");

    /// <summary>PP-OCRv4's text detector: an image in, a probability map out, with symbolic batch and size.</summary>
    public static string PpOcrDet => Path.Combine(Folder, "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>PaddleOCR's text-direction classifier: x[N, 3, 48, 192] in, softmax[N, 2] out; each tensor names its batch differently.</summary>
    public static string PpOcrCls => Path.Combine(Folder, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
}
