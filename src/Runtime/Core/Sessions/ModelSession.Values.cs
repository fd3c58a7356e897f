using System;

namespace OnnxTyped;

// The typed front-end's calls on models with values that are not tensors bound by address: strings, sequences,
// optionals, maps (docs/values.md). Generated classes of such models call RunValues instead of Run.
public sealed partial class ModelSession
{
    private readonly RunnerPool<ValueRunner> _valueRunners;

    /// <summary>
    /// Runs a model whose inputs or outputs include values that are not tensors of a fixed-size element type. Each input, in
    /// model order, is the .NET value of its declared kind (<see cref="TensorSignature.Kind"/>): an <see cref="OnnxTensor{T}"/>
    /// (bound by address) or <see cref="OnnxStringTensor"/> for a tensor; a list of them for a sequence; one of them or
    /// <see langword="null"/> for an optional (a list or <see langword="null"/> for an optional sequence); an
    /// <c>IReadOnlyDictionary&lt;K, V&gt;</c> for a map, a list of them for a sequence of maps. Returns the outputs in model
    /// order, each of those types (sequences as <see cref="OnnxSequence{TTensor}"/>), owned by the caller: dispose the
    /// tensors and sequences. Tensor inputs are checked as <see cref="Run"/> checks them (empty ones refused unless
    /// <see cref="AllowsEmptyInputs"/>). No batching, micro-batching or <c>RunInto</c>: ONNX Runtime allocates every output.
    /// </summary>
    /// <exception cref="ArgumentException">Not one value per model input.</exception>
    /// <exception cref="OnnxInputException">An input is null where the model takes no empty optional, of another kind or element type, disposed, or an empty list.</exception>
    public object?[] RunValues(ReadOnlySpan<object?> inputs)
    {
        long started = CallMetrics.Start();
        try
        {
            ValueRunner runner = Enter(_valueRunners);
            try
            {
                object?[] outputs = runner.Run(inputs, AllowsEmptyInputs);
                CallMetrics.Finished(Name, started, null);
                return outputs;
            }
            finally
            {
                Exit(_valueRunners, runner);
            }
        }
        catch (Exception e) when (CallMetrics.FailedFilter(Name, started, e))
        {
            throw;
        }
    }
}
