namespace OnnxTyped.Generator.Emitter;

/// <summary>Fully qualified names of the types generated code uses, so no <c>using</c> can change what they mean.</summary>
internal static class KnownTypes
{
    public const string InferenceSession = "global::Microsoft.ML.OnnxRuntime.InferenceSession";
    public const string SessionOptions = "global::Microsoft.ML.OnnxRuntime.SessionOptions";
    public const string TensorElementType = "global::Microsoft.ML.OnnxRuntime.Tensors.TensorElementType";
    public const string ModelSession = "global::OnnxTyped.ModelSession";
    public const string ModelSignature = "global::OnnxTyped.ModelSignature";
    public const string TensorSignature = "global::OnnxTyped.TensorSignature";
    public const string Dim = "global::OnnxTyped.Dim";
    public const string OnnxTensor = "global::OnnxTyped.OnnxTensor";
    public const string BufferDevice = "global::OnnxTyped.BufferDevice";
    public const string IDisposable = "global::System.IDisposable";
    public const string ReadOnlyStringList = "global::System.Collections.Generic.IReadOnlyList<string>";
    public const string DeviceFallback = "global::OnnxTyped.DeviceFallback";
    public const string Logger = "global::Microsoft.Extensions.Logging.ILogger";
    public const string StringEnumerable = "global::System.Collections.Generic.IEnumerable<string>";
    public const string ProviderOptions = "global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyDictionary<string, string>>";
    public const string MicroBatchOptions = "global::OnnxTyped.MicroBatchOptions";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string IAsyncDisposable = "global::System.IAsyncDisposable";
    public const string IOnnxModel = "global::OnnxTyped.IOnnxModel";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";

    // The TorchSharp front-end's types: named only when the project references it.
    public const string BoundSession = "global::OnnxTyped.BoundSession";
    public const string TorchTensor = "global::TorchSharp.torch.Tensor";
    public const string TorchDevice = "global::TorchSharp.torch.Device";
}
