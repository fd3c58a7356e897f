using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// One IO binding over one session, reused across calls by a single caller at a time. Validates
/// every input before anything is allocated, binds inputs and pre-allocated outputs by pointer,
/// runs, and hands ONNX Runtime-allocated outputs to torch on the same device.
/// </summary>
/// <remarks>
/// Ownership per call: cast or made-contiguous copies of inputs, and the <see cref="OrtValue"/>s
/// that describe bound memory, live until the run returns and are disposed in a <c>finally</c>;
/// result tensors belong to the caller (disposed here only when the call fails). The binding and
/// run options belong to this object and must be disposed before the session.
/// </remarks>
internal sealed class IoBindingRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private bool? _sessionAcceptsCuda;

    // What each input is bound to since the last call, so an unchanged input (same address, shape, type and
    // device memory) is not re-created and re-bound: that is most of the per-call cost on small models.
    // The binding refers to memory by address only, so equal addresses mean an equal binding, whichever
    // tensor now owns that memory. The OrtValues are owned here and disposed when replaced or with the runner.
    private readonly MemoryBinding?[] _boundInputs;

    // The same for outputs bound by RunInto (caller-owned tensors); Run allocates new outputs every call instead.
    private readonly MemoryBinding?[] _boundOutputs;

    public IoBindingRunner(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        _signature = signature;
        _boundInputs = new MemoryBinding?[signature.Inputs.Count];
        _boundOutputs = new MemoryBinding?[signature.Outputs.Count];
        _runOptions = new RunOptions();
        try
        {
            _binding = session.CreateIoBinding();
        }
        catch
        {
            _runOptions.Dispose();
            throw;
        }
    }

    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs, IReadOnlyDictionary<string, long[]>? outputShapes)
    {
        IReadOnlyList<TensorSignature> outputSpecs = _signature.Outputs;
        int outputCount = outputSpecs.Count;

        // 1. Check everything before binding anything: a bad call allocates nothing native.
        CheckedInputs checkedInputs = CheckInputs(inputs);
        (long[][] shapes, DeviceType deviceType, int deviceIndex, OrtMemoryInfo memoryInfo) =
            (checkedInputs.Shapes, checkedInputs.DeviceType, checkedInputs.DeviceIndex, checkedInputs.MemoryInfo);

        var outputDtypes = new torch.ScalarType[outputCount];
        var outputShapesToAllocate = new long[]?[outputCount];
        for (int o = 0; o < outputCount; o++)
        {
            outputDtypes[o] = BindableDtype(outputSpecs[o], "output");
            outputShapesToAllocate[o] = OutputShape(o, outputShapes, shapes);
        }
        if (outputShapes is not null)
            foreach (string name in outputShapes.Keys)
                if (!_signature.OutputNames.Contains(name))
                    throw new ArgumentException(
                        $"A shape was given for output '{name}', but the model has no such output (outputs: {string.Join(", ", _signature.OutputNames)}).",
                        nameof(outputShapes));

        var device = new torch.Device(deviceType, deviceType == DeviceType.CPU ? -1 : deviceIndex);
        if (DevicePlacement.NeedsStreamSynchronization(deviceType)) torch.cuda.synchronize(device);
        ForgetOutputs(); // outputs bound by RunInto belong to its caller's tensors

        // 2. Bind, run, collect.
        var copies = new torch.Tensor?[inputs.Length];
        var boundValues = new OrtValue?[outputCount];
        var results = new torch.Tensor?[outputCount];
        bool succeeded = false;
        try
        {
            BindInputs(inputs, checkedInputs, copies);

            bool anyAllocatedByOrt = false;
            for (int o = 0; o < outputCount; o++)
            {
                long[]? shape = outputShapesToAllocate[o];
                if (shape is null)
                {
                    _binding.BindOutputToDevice(outputSpecs[o].Name, memoryInfo);
                    anyAllocatedByOrt = true;
                    continue;
                }
                results[o] = torch.empty(shape, outputDtypes[o], device);
                boundValues[o] = CreateView(memoryInfo, outputSpecs[o], results[o]!, shape, TensorMemory.DataPointer(results[o]!));
                _binding.BindOutput(outputSpecs[o].Name, boundValues[o]);
            }

            _session.RunWithBinding(_runOptions, _binding);
            // ONNX Runtime's CUDA provider writes on its own stream: wait for it before torch reads the outputs.
            if (DevicePlacement.NeedsStreamSynchronization(deviceType)) _binding.SynchronizeBoundOutputs();
            if (anyAllocatedByOrt) CollectOrtAllocated(results, outputDtypes, deviceType, deviceIndex);
            succeeded = true;
            return results!;
        }
        finally
        {
            foreach (OrtValue? value in boundValues) value?.Dispose();
            foreach (torch.Tensor? copy in copies) copy?.Dispose();
            // Inputs stay bound (see _boundInputs); outputs are new tensors every call.
            _binding.ClearBoundOutputs();
            if (!succeeded)
            {
                ForgetInputs();
                foreach (torch.Tensor? result in results) result?.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs the model writing into caller-owned output tensors (model order, the model's dtypes, contiguous, on the
    /// inputs' device, the shapes the run produces). Inputs and outputs whose address and shape did not change since
    /// the last call stay bound, so a loop over the same buffers re-binds nothing.
    /// </summary>
    public void RunInto(ReadOnlySpan<torch.Tensor> inputs, ReadOnlySpan<torch.Tensor> outputs)
    {
        IReadOnlyList<TensorSignature> outputSpecs = _signature.Outputs;
        CheckedInputs checkedInputs = CheckInputs(inputs);
        if (outputs.Length != outputSpecs.Count)
            throw new ArgumentException(
                $"The model has {outputSpecs.Count} output(s) ({string.Join(", ", _signature.OutputNames)}), {outputs.Length} were given.", nameof(outputs));
        var outputShapes = new long[outputSpecs.Count][];
        for (int o = 0; o < outputSpecs.Count; o++)
            outputShapes[o] = CheckOutput(o, outputs[o], checkedInputs);

        if (DevicePlacement.NeedsStreamSynchronization(checkedInputs.DeviceType))
            torch.cuda.synchronize(new torch.Device(checkedInputs.DeviceType, checkedInputs.DeviceIndex));

        var copies = new torch.Tensor?[inputs.Length];
        bool succeeded = false;
        try
        {
            BindInputs(inputs, checkedInputs, copies);
            for (int o = 0; o < outputSpecs.Count; o++)
                BindCached(_boundOutputs, o, checkedInputs.MemoryInfo, outputSpecs[o], outputs[o], outputShapes[o], isInput: false);
            _session.RunWithBinding(_runOptions, _binding);
            if (DevicePlacement.NeedsStreamSynchronization(checkedInputs.DeviceType)) _binding.SynchronizeBoundOutputs();
            succeeded = true;
        }
        finally
        {
            foreach (torch.Tensor? copy in copies) copy?.Dispose();
            if (!succeeded)
            {
                ForgetInputs();
                ForgetOutputs();
            }
        }
    }

    private long[] CheckOutput(int index, torch.Tensor? tensor, CheckedInputs checkedInputs)
    {
        TensorSignature spec = _signature.Outputs[index];
        string expectedDtype = ElementTypes.OnnxName(spec.ElementType);
        if (tensor is null)
            throw new ArgumentException($"Output '{spec.Name}' is null; the model writes {expectedDtype} {spec.ShapeText}.", "outputs");
        torch.ScalarType dtype = BindableDtype(spec, "output");
        if (tensor.dtype != dtype)
            throw new ArgumentException(
                $"Output '{spec.Name}' has dtype {ElementTypes.TorchName(tensor.dtype)}, but the model writes {expectedDtype} (outputs are not cast).", "outputs");
        string runDevice = DevicePlacement.Describe(checkedInputs.DeviceType, checkedInputs.DeviceIndex);
        string outputDevice = DevicePlacement.Describe(tensor.device_type, tensor.device_index);
        if (outputDevice != runDevice)
            throw new ArgumentException($"Output '{spec.Name}' is on {outputDevice}, but the inputs are on {runDevice}: outputs must be on the inputs' device.", "outputs");
        if (!tensor.is_contiguous())
            throw new ArgumentException($"Output '{spec.Name}' is not contiguous: ONNX Runtime writes it in place, element after element.", "outputs");
        long[] shape = tensor.shape;
        long[]? expected = _signature.DerivableOutputDims.Resolve(spec, index, checkedInputs.Shapes);
        if (expected is not null && !shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(
                $"Output '{spec.Name}' has shape {ShapeRules.Format(shape)}, but for these inputs the model writes {ShapeRules.Format(expected)} (declared {spec.ShapeText}).", "outputs");
        ShapeRules.CheckGivenOutput(spec, shape);
        return shape;
    }

    private CheckedInputs CheckInputs(ReadOnlySpan<torch.Tensor> inputs)
    {
        IReadOnlyList<TensorSignature> inputSpecs = _signature.Inputs;
        int inputCount = inputSpecs.Count;
        if (inputs.Length != inputCount)
            throw new ArgumentException(
                $"The model takes {inputCount} input(s) ({string.Join(", ", _signature.InputNames)}), {inputs.Length} were given.", nameof(inputs));

        var shapes = new long[inputCount][];
        var devices = new (DeviceType, int)[inputCount];
        var targetDtypes = new torch.ScalarType[inputCount];
        for (int i = 0; i < inputCount; i++)
        {
            TensorSignature spec = inputSpecs[i];
            torch.Tensor tensor = inputs[i] ?? throw new OnnxInputException(spec.Name, spec.ToString(), "null",
                $"Input '{spec.Name}' is null; the model expects {ElementTypes.OnnxName(spec.ElementType)} {spec.ShapeText}.");
            targetDtypes[i] = BindableDtype(spec, "input");
            torch.ScalarType actual = tensor.dtype;
            if (!CastTable.CanCast(actual, spec.ElementType))
            {
                string expected = ElementTypes.OnnxName(spec.ElementType);
                throw new OnnxInputException(spec.Name, expected, ElementTypes.TorchName(actual),
                    $"Input '{spec.Name}' has dtype {ElementTypes.TorchName(actual)}, but the model expects {expected} " +
                    $"(accepted, cast if needed: {string.Join(", ", CastTable.SourcesFor(spec.ElementType))}).");
            }
            shapes[i] = tensor.shape;
            ShapeRules.CheckInput(spec, shapes[i]);
            devices[i] = (tensor.device_type, tensor.device_index);
        }

        // A model without inputs (its outputs are constants) has no input to take a device from: it runs on the CPU.
        (DeviceType deviceType, int deviceIndex) = inputCount == 0
            ? (DeviceType.CPU, 0)
            : DevicePlacement.CommonDevice(_signature.InputNames, devices);
        if (inputCount > 0) DevicePlacement.EnsureBindable(deviceType, deviceIndex, inputSpecs[0].Name);
        if (deviceType == DeviceType.CUDA && !SessionAcceptsCuda())
            throw new OnnxInputException(inputSpecs[0].Name, "cpu (the session has no GPU execution provider)", DevicePlacement.Describe(deviceType, deviceIndex),
                $"The inputs are on {DevicePlacement.Describe(deviceType, deviceIndex)}, but this session has no GPU execution provider: " +
                "move the inputs to the CPU, or create the session with the CUDA or TensorRT provider.");
        return new CheckedInputs(shapes, targetDtypes, deviceType, deviceIndex, DevicePlacement.MemoryInfoFor(deviceType, deviceIndex));
    }

    private void BindInputs(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, torch.Tensor?[] copies)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            torch.Tensor bound = inputs[i];
            if (bound.dtype != checkedInputs.TargetDtypes[i])
                bound = copies[i] = bound.to_type(checkedInputs.TargetDtypes[i]);
            if (!bound.is_contiguous())
            {
                torch.Tensor contiguous = bound.contiguous();
                copies[i]?.Dispose();
                bound = copies[i] = contiguous;
            }
            BindCached(_boundInputs, i, checkedInputs.MemoryInfo, _signature.Inputs[i], bound, checkedInputs.Shapes[i], isInput: true);
        }
    }

    /// <summary>The inputs of one call, checked: their shapes, the dtypes they are bound as, and the device the run is on.</summary>
    private sealed record CheckedInputs(long[][] Shapes, torch.ScalarType[] TargetDtypes, DeviceType DeviceType, int DeviceIndex, OrtMemoryInfo MemoryInfo);

    private void CollectOrtAllocated(torch.Tensor?[] results, torch.ScalarType[] dtypes, DeviceType deviceType, int deviceIndex)
    {
        // GetOutputValues returns every bound output in binding (= model) order. Each OrtValue is
        // either adopted by torch (ownership moves) or disposed here; none is left behind on failure.
        IReadOnlyList<OrtValue> produced = _binding.GetOutputValues();
        int next = 0;
        try
        {
            for (; next < produced.Count; next++)
            {
                if (results[next] is null)
                    results[next] = TensorMemory.Adopt(produced[next], dtypes[next], deviceType, deviceIndex);
                else
                    produced[next].Dispose();
            }
        }
        finally
        {
            for (int rest = next + 1; rest < produced.Count; rest++) produced[rest].Dispose();
        }
    }

    private long[]? OutputShape(int index, IReadOnlyDictionary<string, long[]>? given, long[][] inputShapes)
    {
        TensorSignature spec = _signature.Outputs[index];
        if (given is not null && given.TryGetValue(spec.Name, out long[]? shape) && shape is not null)
        {
            ShapeRules.CheckGivenOutput(spec, shape);
            return (long[])shape.Clone();
        }
        return _signature.DerivableOutputDims.Resolve(spec, index, inputShapes);
    }

    private void BindCached(MemoryBinding?[] cache, int index, OrtMemoryInfo memoryInfo, TensorSignature spec, torch.Tensor tensor, long[] shape, bool isInput)
    {
        IntPtr data = TensorMemory.DataPointer(tensor);
        MemoryBinding? previous = cache[index];
        if (previous is not null && previous.Matches(data, shape, memoryInfo)) return;

        OrtValue value = CreateView(memoryInfo, spec, tensor, shape, data);
        try
        {
            if (isInput) _binding.BindInput(spec.Name, value);
            else _binding.BindOutput(spec.Name, value);
        }
        catch
        {
            value.Dispose();
            throw;
        }
        previous?.Value.Dispose();
        cache[index] = new MemoryBinding(data, shape, memoryInfo, value);
    }

    // After a failed call the binding's state is unknown: bind every input afresh next time.
    private void ForgetInputs() => Forget(_boundInputs, inputs: true);

    private void ForgetOutputs() => Forget(_boundOutputs, inputs: false);

    private void Forget(MemoryBinding?[] cache, bool inputs)
    {
        bool any = false;
        for (int i = 0; i < cache.Length; i++)
        {
            if (cache[i] is not { } bound) continue;
            any = true;
            bound.Value.Dispose();
            cache[i] = null;
        }
        if (!any) return;
        if (inputs) _binding.ClearBoundInputs();
        else _binding.ClearBoundOutputs();
    }

    /// <summary>Memory bound to one input or output: the address, shape and memory kind it was bound with, and the OrtValue describing it.</summary>
    private sealed class MemoryBinding
    {
        public MemoryBinding(IntPtr data, long[] shape, OrtMemoryInfo memoryInfo, OrtValue value)
        {
            Data = data;
            Shape = shape;
            MemoryInfo = memoryInfo;
            Value = value;
        }

        public IntPtr Data { get; }
        public long[] Shape { get; }
        public OrtMemoryInfo MemoryInfo { get; }
        public OrtValue Value { get; }

        public bool Matches(IntPtr data, long[] shape, OrtMemoryInfo memoryInfo) =>
            data == Data && ReferenceEquals(memoryInfo, MemoryInfo) && shape.AsSpan().SequenceEqual(Shape);
    }

    private static OrtValue CreateView(OrtMemoryInfo memoryInfo, TensorSignature spec, torch.Tensor tensor, long[] shape, IntPtr data)
    {
        long bytes = tensor.numel() * ElementTypes.SizeOf(spec.ElementType);
        return OrtValue.CreateTensorValueWithData(memoryInfo, spec.ElementType, shape, data, bytes);
    }

    private static torch.ScalarType BindableDtype(TensorSignature spec, string role)
    {
        if (!spec.IsTensor)
            throw new NotSupportedException(
                $"The model's {role} '{spec.Name}' is a {spec.ValueType}, not a tensor: only tensor {role}s can be bound through IO binding.");
        return ElementTypes.ToTorch(spec.ElementType) ?? throw new NotSupportedException(
            $"The model's {role} '{spec.Name}' has element type {ElementTypes.OnnxName(spec.ElementType)}, which no TorchSharp dtype can hold.");
    }

    private bool SessionAcceptsCuda()
    {
        if (_sessionAcceptsCuda is bool known) return known;
        var providers = new List<string?>();
        var memory = new List<OrtMemoryInfoDeviceType>();
        try
        {
            foreach (OrtEpDevice? ep in _session.GetEpDeviceForInputs()) providers.Add(ep?.EpName);
        }
        catch (OnnxRuntimeException)
        {
            // Older builds cannot report providers per input; the memory infos below still tell.
        }
        try
        {
            using IDisposableReadOnlyCollection<OrtMemoryInfo> infos = _session.GetMemoryInfosForInputs();
            foreach (OrtMemoryInfo info in infos) memory.Add(info.GetDeviceType());
        }
        catch (OnnxRuntimeException)
        {
        }
        bool accepts = DevicePlacement.SessionAcceptsCuda(providers, memory);
        _sessionAcceptsCuda = accepts;
        return accepts;
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (MemoryBinding? input in _boundInputs) input?.Value.Dispose();
        foreach (MemoryBinding? output in _boundOutputs) output?.Value.Dispose();
        _runOptions.Dispose();
    }
}
