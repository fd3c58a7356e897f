using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Runs an <see cref="InferenceSession"/> on TorchSharp tensors through IO binding. A C# port of
/// Roboflow inference-models' <c>run_onnx_session_via_iobinding</c>, without its CPU copies.
/// </summary>
public static class InferenceSessionExtensions
{
    /// <summary>
    /// Runs <paramref name="session"/> on <paramref name="inputs"/> (by ONNX input name) and returns the
    /// outputs in the model's output order, on the inputs' device. The caller owns the returned tensors.
    /// </summary>
    /// <param name="session">The session; its input/output metadata is read once and cached.</param>
    /// <param name="inputs">One tensor per model input, all on one device (CPU or CUDA). Each is cast to the
    /// model's dtype by <see cref="CastTable"/>, made contiguous if needed, and bound by its data pointer.</param>
    /// <param name="outputShapes">Optional shapes of outputs whose shape the model leaves symbolic, so they
    /// can be pre-allocated; other outputs with a static or derivable shape are pre-allocated anyway, the rest
    /// are allocated by ONNX Runtime on the same device and handed to torch (without a copy on the CPU, copied on CUDA).</param>
    /// <exception cref="OnnxInputException">An input is missing, has a dtype the table does not cast, the wrong rank or a wrong fixed dimension, or inputs are on different devices.</exception>
    /// <exception cref="NotSupportedException">An input or output is not a tensor, or has an element type TorchSharp lacks.</exception>
    public static IReadOnlyList<torch.Tensor> RunViaIoBinding(
        this InferenceSession session,
        IReadOnlyDictionary<string, torch.Tensor> inputs,
        IReadOnlyDictionary<string, long[]>? outputShapes = null)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (inputs is null) throw new ArgumentNullException(nameof(inputs));
        return RunOnce(session, inputs, outputShapes, limits: default);
    }

    // One call on a session opened elsewhere, through a runner of its own (its IO binding disposed when the call ends).
    internal static torch.Tensor[] RunOnce(InferenceSession session, IReadOnlyDictionary<string, torch.Tensor> inputs,
        IReadOnlyDictionary<string, long[]>? outputShapes, BatchLimits limits)
    {
        SessionLiveness.EnsureAlive(session, nameof(InferenceSession));
        SessionPlan plan = SessionPlan.Of(session);
        torch.Tensor[] ordered = OrderInputs(plan.Signature, inputs);
        using ModelRunner<torch.Tensor, TorchFrontEnd> runner = TorchFrontEnd.NewRunner(plan);
        return runner.Run(ordered, allowEmpty: false, limits, outputShapes);
    }

    internal static torch.Tensor[] OrderInputs(ModelSignature signature, IReadOnlyDictionary<string, torch.Tensor> inputs)
    {
        foreach (string name in inputs.Keys)
            if (signature.IndexOfInput(name) < 0)
                throw new OnnxInputException(name, string.Join(", ", signature.InputNames), name,
                    $"Input '{name}' is not an input of the model (its inputs are: {string.Join(", ", signature.InputNames)}).");

        var ordered = new torch.Tensor[signature.Inputs.Count];
        for (int i = 0; i < ordered.Length; i++)
        {
            TensorSignature spec = signature.Inputs[i];
            if (!inputs.TryGetValue(spec.Name, out torch.Tensor? tensor))
                throw new OnnxInputException(spec.Name, spec.ToString(), "missing",
                    $"Input '{spec.Name}' is missing: the model expects {ElementTypes.OnnxName(spec.ElementType)} {spec.ShapeText} " +
                    $"(given: {string.Join(", ", inputs.Keys)}).");
            ordered[i] = tensor;
        }
        return ordered;
    }
}
