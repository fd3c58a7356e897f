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
    private readonly InputBinding?[] _boundInputs;

    public IoBindingRunner(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        _signature = signature;
        _boundInputs = new InputBinding?[signature.Inputs.Count];
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
        IReadOnlyList<TensorSignature> inputSpecs = _signature.Inputs;
        IReadOnlyList<TensorSignature> outputSpecs = _signature.Outputs;
        int inputCount = inputSpecs.Count, outputCount = outputSpecs.Count;
        if (inputs.Length != inputCount)
            throw new ArgumentException(
                $"The model takes {inputCount} input(s) ({string.Join(", ", _signature.InputNames)}), {inputs.Length} were given.", nameof(inputs));

        // 1. Check everything before binding anything: a bad call allocates nothing native.
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

        OrtMemoryInfo memoryInfo = DevicePlacement.MemoryInfoFor(deviceType, deviceIndex);
        var device = new torch.Device(deviceType, deviceType == DeviceType.CPU ? -1 : deviceIndex);
        if (DevicePlacement.NeedsStreamSynchronization(deviceType)) torch.cuda.synchronize(device);

        // 2. Bind, run, collect.
        var copies = new torch.Tensor?[inputCount];
        var boundValues = new OrtValue?[outputCount];
        var results = new torch.Tensor?[outputCount];
        bool succeeded = false;
        try
        {
            for (int i = 0; i < inputCount; i++)
            {
                torch.Tensor bound = inputs[i];
                if (bound.dtype != targetDtypes[i])
                    bound = copies[i] = bound.to_type(targetDtypes[i]);
                if (!bound.is_contiguous())
                {
                    torch.Tensor contiguous = bound.contiguous();
                    copies[i]?.Dispose();
                    bound = copies[i] = contiguous;
                }
                BindInput(i, memoryInfo, inputSpecs[i], bound, shapes[i]);
            }

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
                boundValues[o] = CreateView(memoryInfo, outputSpecs[o], results[o]!, shape);
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
            if (!succeeded) ForgetInputs();
            if (!succeeded)
                foreach (torch.Tensor? result in results) result?.Dispose();
        }
    }

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

    private void BindInput(int index, OrtMemoryInfo memoryInfo, TensorSignature spec, torch.Tensor tensor, long[] shape)
    {
        IntPtr data = TensorMemory.DataPointer(tensor);
        InputBinding? previous = _boundInputs[index];
        if (previous is not null && previous.Matches(data, shape, memoryInfo)) return;

        OrtValue value = CreateView(memoryInfo, spec, tensor, shape);
        try
        {
            _binding.BindInput(spec.Name, value);
        }
        catch
        {
            value.Dispose();
            throw;
        }
        previous?.Value.Dispose();
        _boundInputs[index] = new InputBinding(data, shape, memoryInfo, value);
    }

    // After a failed call the binding's state is unknown: bind every input afresh next time.
    private void ForgetInputs()
    {
        _binding.ClearBoundInputs();
        for (int i = 0; i < _boundInputs.Length; i++)
        {
            _boundInputs[i]?.Value.Dispose();
            _boundInputs[i] = null;
        }
    }

    private sealed class InputBinding
    {
        public InputBinding(IntPtr data, long[] shape, OrtMemoryInfo memoryInfo, OrtValue value)
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

    private static OrtValue CreateView(OrtMemoryInfo memoryInfo, TensorSignature spec, torch.Tensor tensor, long[] shape)
    {
        long bytes = tensor.numel() * ElementTypes.SizeOf(spec.ElementType);
        return OrtValue.CreateTensorValueWithData(memoryInfo, spec.ElementType, shape, TensorMemory.DataPointer(tensor), bytes);
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
        foreach (InputBinding? input in _boundInputs) input?.Value.Dispose();
        _runOptions.Dispose();
    }
}
