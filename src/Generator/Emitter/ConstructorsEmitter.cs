using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the ways to open the model: constructors from a path or an open session, a path and a device, and the
/// <c>Load</c> methods that open the copy the build put beside the application. Each passes the baked-in
/// <c>Signature</c> to <c>ModelSession</c>, which checks the model against it; with the TorchSharp front-end, a
/// <c>BoundSession</c> over that same session serves the torch members, and a torch device opens it too.
/// </summary>
internal static class ConstructorsEmitter
{
    // The constructors with a device and the Loads with a device take the same parameters.
    private const string DeviceParameterDocs = """
        /// <param name="fallback">When a CUDA device is asked for but no GPU provider can be registered here: open on the CPU with a logged warning (the default), or throw.</param>
        /// <param name="logger">Receives the fallback warning; <see langword="null"/> for none.</param>
        /// <param name="providers">ONNX Runtime execution provider names, highest priority first (<see cref="global::OnnxTyped.ExecutionProviderNames"/>), or <see langword="null"/> for the device's default.</param>
        /// <param name="providerOptions">Options per provider name, passed to ONNX Runtime as they are, or <see langword="null"/>.</param>
        """ + "\n" + MicroBatchingParameterDocs;

    private const string OtherDeviceParameters =
        $"{KnownTypes.DeviceFallback} fallback = {KnownTypes.DeviceFallback}.UseCpu, {KnownTypes.Logger}? logger = null, " +
        $"{KnownTypes.StringEnumerable}? providers = null, {KnownTypes.ProviderOptions}? providerOptions = null, {MicroBatchingParameter}";

    // Every constructor and Load ends with it, so turning micro-batching on is one argument wherever the model is opened.
    private const string MicroBatchingParameter = $"{KnownTypes.MicroBatchOptions}? microBatching = null";

    private const string MicroBatchingParameterDocs =
        "/// <param name=\"microBatching\">Micro-batching of concurrent calls, or <see langword=\"null\"/> (the default) for none; see <see cref=\"global::OnnxTyped.MicroBatchOptions\"/>.</param>";

    public static void Write(SourceWriter w, ModelSpec spec, bool withTorch)
    {
        string name = spec.ClassName;
        string torch = withTorch ? $"\n    _torch = new {KnownTypes.BoundSession}(_session);" : "";
        string splits = SplitsFromProjectFile(spec) ? ", SplitsFixedBatch = true" : "";
        string splitsStatement = SplitsStatement(spec);
        string microBatching = UseMicroBatching(spec);
        w.WriteLine($$"""
            /// <summary>Opens the model file at <paramref name="modelPath"/> and checks that it declares the inputs and outputs this class was generated from.</summary>
            /// <param name="modelPath">The path of the <c>.onnx</c> file.</param>
            /// <param name="options">Session options (execution providers, threads...), or <see langword="null"/> for the defaults.</param>
            {{MicroBatchingParameterDocs}}
            /// <exception cref="global::OnnxTyped.OnnxModelMismatchException">The file declares different inputs or outputs.</exception>
            public {{name}}(string modelPath, {{KnownTypes.SessionOptions}}? options = null, {{MicroBatchingParameter}})
            {
                _session = new {{KnownTypes.ModelSession}}(modelPath, Signature, options) { Name = nameof({{name}}){{splits}} }{{microBatching}};{{torch}}
            }

            /// <summary>Wraps an open session, which stays owned by the caller, after checking that it declares the inputs and outputs this class was generated from.</summary>
            /// <param name="session">The session; it must outlive this object.</param>
            {{MicroBatchingParameterDocs}}
            /// <exception cref="global::OnnxTyped.OnnxModelMismatchException">The session declares different inputs or outputs.</exception>
            public {{name}}({{KnownTypes.InferenceSession}} session, {{MicroBatchingParameter}})
            {
                _session = new {{KnownTypes.ModelSession}}(session, Signature) { Name = nameof({{name}}){{splits}} }{{microBatching}};{{torch}}
            }

            /// <summary>Opens the copy of <c>{{Escaping.Xml(spec.ModelFileName)}}</c> that the build put beside the application, at <c>{{Escaping.Xml(spec.TargetPath)}}</c>.</summary>
            /// <param name="options">Session options, or <see langword="null"/> for the defaults.</param>
            {{MicroBatchingParameterDocs}}
            /// <exception cref="global::System.IO.FileNotFoundException">The model was not copied (for example <c>CopyToOutputDirectory</c> is <c>Never</c>).</exception>
            public static {{name}} Load({{KnownTypes.SessionOptions}}? options = null, {{MicroBatchingParameter}}) =>
                new {{name}}({{BesideApplication(spec)}}, options, microBatching);

            /// <summary>
            /// Opens the model file at <paramref name="modelPath"/> for <paramref name="device"/>, with that device's execution providers or the ones given,
            /// and checks that it declares the inputs and outputs this class was generated from. <see cref="Device"/> tells where it ended up.
            /// </summary>
            /// <param name="modelPath">The path of the <c>.onnx</c> file.</param>
            /// <param name="device">Where the session runs: <c>BufferDevice.Cpu</c>, or <c>BufferDevice.Cuda(index)</c> (by default the session then uses the CUDA execution provider, then the CPU). <c>OnnxTensor</c> inputs and outputs stay in host memory either way.</param>
            """);
        w.WriteLine(DeviceParameterDocs);
        w.WriteLine($$"""
            /// <exception cref="global::OnnxTyped.OnnxDeviceUnavailableException">The device cannot be served and <paramref name="fallback"/> is <c>Fail</c>.</exception>
            /// <exception cref="global::OnnxTyped.OnnxModelMismatchException">The file declares different inputs or outputs.</exception>
            public {{name}}(string modelPath, {{KnownTypes.BufferDevice}} device, {{OtherDeviceParameters}})
            {
                _session = {{KnownTypes.ModelSession}}.ForDevice(modelPath, Signature, device, fallback, logger, providers, providerOptions);
                _session.Name = nameof({{name}});{{splitsStatement}}
                _session{{microBatching}};{{torch}}
            }

            /// <summary>Opens the copy of <c>{{Escaping.Xml(spec.ModelFileName)}}</c> beside the application for <paramref name="device"/>; see the constructor with a <c>BufferDevice</c>.</summary>
            /// <param name="device">Where the session runs: <c>BufferDevice.Cpu</c>, or <c>BufferDevice.Cuda(index)</c>.</param>
            """);
        WriteLoadDeviceTail(w, spec, KnownTypes.BufferDevice);
        if (withTorch) WriteTorchDeviceConstructors(w, spec);
    }

    // The item's SplitsFixedBatch="true" turns splitting on for every instance, on the session, so both front-ends split.
    // It means nothing without a fixed batch.
    private static bool SplitsFromProjectFile(ModelSpec spec) => spec.SplitsFixedBatch && spec.StaticBatchSize > 0;

    // The same, for the constructors that get their session from a factory method rather than a constructor.
    internal static string SplitsStatement(ModelSpec spec) => SplitsFromProjectFile(spec) ? "\n    _session.SplitsFixedBatch = true;" : "";

    // After the session is made and named (the runtime's errors name it), before a BoundSession is made over it. The item's
    // BatchDim, checked at build time, is the axis when the options name none; on failure the session is disposed.
    internal static string UseMicroBatching(ModelSpec spec) =>
        $".UseMicroBatching(microBatching, {(spec.BatchDim.Length > 0 ? Escaping.Literal(spec.BatchDim) : "null")})";

    private static string BesideApplication(ModelSpec spec) => $"{KnownTypes.ModelSession}.ResolveBesideApplication({Escaping.Literal(spec.TargetPath)})";

    private static void WriteLoadDeviceTail(SourceWriter w, ModelSpec spec, string deviceType)
    {
        string name = spec.ClassName;
        w.WriteLine(DeviceParameterDocs);
        w.WriteLine($"""
            /// <exception cref="global::System.IO.FileNotFoundException">The model was not copied (for example <c>CopyToOutputDirectory</c> is <c>Never</c>).</exception>
            /// <exception cref="global::OnnxTyped.OnnxDeviceUnavailableException">The device cannot be served and <paramref name="fallback"/> is <c>Fail</c>.</exception>
            public static {name} Load({deviceType} device, {OtherDeviceParameters}) =>
                new {name}({BesideApplication(spec)}, device, fallback, logger, providers, providerOptions, microBatching);
            """);
        w.WriteLine();
    }

    // The torch front-end opens the session for a torch device; the typed members run on the same session.
    private static void WriteTorchDeviceConstructors(SourceWriter w, ModelSpec spec)
    {
        string name = spec.ClassName;
        string splitsStatement = SplitsStatement(spec);
        w.WriteLine("""
            /// <summary>
            /// Opens the model file at <paramref name="modelPath"/> for the torch device <paramref name="device"/>, with that device's execution providers or
            /// the ones given, and checks that it declares the inputs and outputs this class was generated from. <see cref="TorchDevice"/> tells where it ended up.
            /// </summary>
            /// <param name="modelPath">The path of the <c>.onnx</c> file.</param>
            /// <param name="device">Where torch inputs and outputs live: <c>cpu</c>, or a CUDA device (by default the session then uses the CUDA execution provider, then the CPU).</param>
            """);
        w.WriteLine(DeviceParameterDocs);
        w.WriteLine($$"""
            /// <exception cref="global::OnnxTyped.OnnxDeviceUnavailableException">The device cannot be served and <paramref name="fallback"/> is <c>Fail</c>.</exception>
            /// <exception cref="global::OnnxTyped.OnnxModelMismatchException">The file declares different inputs or outputs.</exception>
            public {{name}}(string modelPath, {{KnownTypes.TorchDevice}} device, {{OtherDeviceParameters}})
            {
                _torch = {{KnownTypes.BoundSession}}.ForDevice(modelPath, Signature, device, fallback, logger, providers, providerOptions);
                _session = _torch.Model;
                _session.Name = nameof({{name}});{{splitsStatement}}
                _torch.Model{{UseMicroBatching(spec)}};
            }

            /// <summary>Opens the copy of <c>{{Escaping.Xml(spec.ModelFileName)}}</c> beside the application for the torch device <paramref name="device"/>; see the constructor with a torch device.</summary>
            /// <param name="device">Where torch inputs and outputs live: <c>cpu</c>, or a CUDA device.</param>
            """);
        WriteLoadDeviceTail(w, spec, KnownTypes.TorchDevice);
    }
}
