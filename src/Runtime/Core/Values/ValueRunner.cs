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
    private readonly bool _hasOptionalOutputs;
    private readonly bool[] _empty;   // per output, this call: an empty optional, not read (null)
    private readonly PinSet _pins = new();

    public ValueRunner(SessionPlan plan)
    {
        _plan = plan;
        _inputs = new OrtValue?[plan.Signature.Inputs.Count];
        _shapes = new long[plan.Signature.Inputs.Count][];
        _empty = new bool[plan.Signature.Outputs.Count];
        foreach (TensorSignature output in plan.Signature.Outputs)
            _hasOptionalOutputs |= output.Kind is OnnxValueKind.Optional or OnnxValueKind.OptionalSequence;
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
            if (_hasOptionalOutputs && EmptyOptionals.Find(_binding, signature.Outputs, _empty)) RunWithoutEmptyOptionals();

            // Every output comes back in the order it was bound: model order, without the empty optionals (null).
            IReadOnlyList<OrtValue> values = _binding.GetOutputValues();
            int next = 0;
            try
            {
                for (; read < results.Length; read++)
                    if (!_empty[read]) results[read] = ValueOutputs.Read(signature.Outputs[read], NativeLedger.Owned(values[next++]));
            }
            finally
            {
                // Read takes over each value it is given, whatever happens: the ones not given yet are released here.
                for (int rest = next; rest < values.Count; rest++) values[rest].Dispose();
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

    // ONNX Runtime's C# API cannot read an empty optional (EmptyOptionals): the run is made again with only the other
    // outputs bound, which it then reads. Only when an optional output came out empty, so a model that fills them pays nothing.
    private void RunWithoutEmptyOptionals()
    {
        _binding.ClearBoundOutputs();
        IReadOnlyList<TensorSignature> outputs = _plan.Signature.Outputs;
        bool anyBound = false;
        for (int o = 0; o < outputs.Count; o++)
        {
            if (_empty[o]) continue;
            _binding.BindOutputToDevice(outputs[o].Name, MemoryInfos.For(BufferDevice.Cpu));
            anyBound = true;
        }
        if (anyBound) _plan.Session.RunWithBinding(_runOptions, _binding);
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
        Array.Clear(_empty);
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
    }

    public void Dispose()
    {
        RunBindings.Close(_binding, _runOptions);
    }
}
