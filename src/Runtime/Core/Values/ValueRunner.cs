using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// One IO binding over one session for calls whose inputs or outputs are not all tensors bound by address (strings,
/// sequences, optionals, maps): each input becomes an OrtValue (<see cref="ValueInputs"/>; tensors still by address),
/// every output is allocated by ONNX Runtime in host memory and read back (<see cref="ValueOutputs"/>). One caller at a
/// time; reused across calls through the session's pool.
/// </summary>
/// <remarks>
/// Nothing stays bound between calls: an empty optional is an input left unbound, so every call starts from a cleared
/// binding. Ownership per call: the input values and pins end with the call; the results belong to the caller.
/// </remarks>
internal sealed class ValueRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly OrtValue?[] _inputs;
    private readonly long[][] _shapes;
    private readonly PinSet _pins = new();

    public ValueRunner(SessionPlan plan)
    {
        _plan = plan;
        _inputs = new OrtValue?[plan.Signature.Inputs.Count];
        _shapes = new long[plan.Signature.Inputs.Count][];
        _binding = RunBindings.Open(plan.Session, out _runOptions);
    }

    /// <summary>
    /// Runs on <paramref name="inputs"/> (model order, each the .NET value of its kind) and returns the outputs in model
    /// order, owned by the caller. Tensor inputs get the shape checks of every call (<see cref="InputChecks"/>), with
    /// empty ones refused unless <paramref name="allowEmpty"/>.
    /// </summary>
    public object?[] Run(ReadOnlySpan<object?> inputs, bool allowEmpty)
    {
        ModelSignature signature = _plan.Signature;
        InputChecks.CheckCount(signature, inputs.Length);
        var results = new object?[signature.Outputs.Count];
        int read = 0;
        try
        {
            // Each value is checked against its kind as it is made; then the tensors' shapes, as a tensor call checks them.
            for (int i = 0; i < inputs.Length; i++)
            {
                _inputs[i] = ValueInputs.Create(signature.Inputs[i], inputs[i], _pins);
                _shapes[i] = inputs[i] switch
                {
                    OnnxTensor tensor when signature.Inputs[i].Kind == OnnxValueKind.Tensor => tensor.ShapeArray,
                    OnnxStringTensor strings when signature.Inputs[i].Kind == OnnxValueKind.Tensor => strings.ShapeArray,
                    _ => Array.Empty<long>(),
                };
            }
            InputChecks.CheckShapes(signature, _shapes, batchSplits: false, allowEmpty);
            for (int i = 0; i < inputs.Length; i++)
                if (_inputs[i] is OrtValue value) _binding.BindInput(signature.Inputs[i].Name, value);
            foreach (TensorSignature output in signature.Outputs)
                _binding.BindOutputToDevice(output.Name, MemoryInfos.For(BufferDevice.Cpu));
            _plan.Session.RunWithBinding(_runOptions, _binding);

            // Every output comes back in the order it was bound: model order.
            IReadOnlyList<OrtValue> values = _binding.GetOutputValues();
            try
            {
                for (; read < values.Count; read++)
                    results[read] = ValueOutputs.Read(signature.Outputs[read], NativeLedger.Owned(values[read]));
            }
            finally
            {
                for (int rest = read + 1; rest < values.Count; rest++) values[rest].Dispose();
            }
            return results;
        }
        catch
        {
            for (int o = 0; o < read; o++) (results[o] as IDisposable)?.Dispose();
            throw;
        }
        finally
        {
            EndCall();
        }
    }

    // Input values first (a sequence may refer to its tensors' memory), then the pins, then the binding.
    private void EndCall()
    {
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (_inputs[i] is OrtValue value) NativeLedger.Release(value);
            _inputs[i] = null;
            _shapes[i] = null!;
        }
        _pins.UnpinAll();
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
    }

    public void Dispose()
    {
        RunBindings.Close(_binding, _runOptions);
    }
}
