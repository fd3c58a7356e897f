using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// The inputs (excluding initializers) and outputs a model declares, in model order. Read once
/// per session and cached (<see cref="Of"/>), or baked into a generated class.
/// </summary>
public sealed class ModelSignature
{
    private static readonly ConditionalWeakTable<InferenceSession, ModelSignature> Cache = new();

    private readonly TensorSignature[] _inputs;
    private readonly TensorSignature[] _outputs;
    private readonly Dictionary<string, int> _inputIndex;

    /// <summary>Declares a model's inputs and outputs, each in model order.</summary>
    public ModelSignature(TensorSignature[] inputs, TensorSignature[] outputs)
    {
        _inputs = (TensorSignature[])(inputs ?? throw new ArgumentNullException(nameof(inputs))).Clone();
        _outputs = (TensorSignature[])(outputs ?? throw new ArgumentNullException(nameof(outputs))).Clone();
        _inputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _inputs.Length; i++) _inputIndex[_inputs[i].Name] = i;
        InputNames = Array.AsReadOnly(_inputs.Select(i => i.Name).ToArray());
        OutputNames = Array.AsReadOnly(_outputs.Select(o => o.Name).ToArray());
        DerivableOutputDims = OutputDimSources.Find(_inputs, _outputs);
        SharedInputDims = SharedInputDims.Find(_inputs);
        StaticBatchSize = FindStaticBatchSize(_inputs);
    }

    /// <summary>
    /// The batch size the model fixes, when every input is a tensor of rank ≥ 1 whose first
    /// dimension is fixed to the same size (e.g. inputs <c>[4, 3]</c> and <c>[4]</c> → 4); otherwise
    /// <see langword="null"/>. A front-end may split and pads larger or smaller batches to it.
    /// </summary>
    public long? StaticBatchSize { get; }

    private static long? FindStaticBatchSize(TensorSignature[] inputs)
    {
        long? size = null;
        foreach (TensorSignature input in inputs)
        {
            if (!input.IsTensor || !input.RankKnown || input.Rank == 0 || !input.DimAt(0).IsFixed) return null;
            long first = input.DimAt(0).Size;
            if (size is not null && size != first) return null;
            size = first;
        }
        return size is > 0 ? size : null;
    }

    /// <summary>The inputs a caller must feed, in model order.</summary>
    public IReadOnlyList<TensorSignature> Inputs => _inputs;

    /// <summary>The outputs, in model order.</summary>
    public IReadOnlyList<TensorSignature> Outputs => _outputs;

    /// <summary>Input names in model order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Output names in model order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>For each output, for each dimension, where its size comes from at run time (see <see cref="OutputDimSources"/>).</summary>
    internal OutputDimSources DerivableOutputDims { get; }

    /// <summary>Input dimensions that share a symbolic name, which a call checks for one size.</summary>
    internal SharedInputDims SharedInputDims { get; }

    /// <summary>The index of the input named <paramref name="name"/>, or -1.</summary>
    public int IndexOfInput(string name) => _inputIndex.TryGetValue(name, out int index) ? index : -1;

    /// <summary>The signature of <paramref name="session"/>, read from its metadata on first use and cached for the session's lifetime.</summary>
    public static ModelSignature Of(InferenceSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        return Cache.GetValue(session, Read);
    }

    private static ModelSignature Read(InferenceSession session)
    {
        // InputNames/OutputNames keep the model's order; the metadata dictionaries do not promise it.
        TensorSignature[] inputs = session.InputNames.Select(n => FromMetadata(n, session.InputMetadata[n])).ToArray();
        TensorSignature[] outputs = session.OutputNames.Select(n => FromMetadata(n, session.OutputMetadata[n])).ToArray();
        return new ModelSignature(inputs, outputs);
    }

    private static TensorSignature FromMetadata(string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR) return ValueFromMetadata(name, metadata);
        int[] sizes = metadata.Dimensions;
        if (sizes.Length == 0) return TensorSignature.UnknownShape(name, metadata.ElementDataType);
        string[] symbols = metadata.SymbolicDimensions;
        var dims = new Dim[sizes.Length];
        for (int i = 0; i < sizes.Length; i++)
            dims[i] = sizes[i] >= 0 ? Dim.Fixed(sizes[i]) : Dim.Symbolic(i < symbols.Length ? symbols[i] : "");
        return new TensorSignature(name, metadata.ElementDataType, dims);
    }

    // A sequence, optional or map, as one of the kinds a generated class binds (OnnxValueKind), or unsupported.
    private static TensorSignature ValueFromMetadata(string name, NodeMetadata metadata)
    {
        switch (metadata.OnnxValueType)
        {
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                NodeMetadata element = metadata.AsSequenceMetadata().ElementMeta;
                if (element.IsTensor) return TensorSignature.OfKind(name, OnnxValueKind.Sequence, element.ElementDataType);
                if (element.OnnxValueType == OnnxValueType.ONNX_TYPE_MAP)
                {
                    MapMetadata map = element.AsMapMetadata();
                    if (map.ValueMetadata.IsTensor) return TensorSignature.OfKind(name, OnnxValueKind.SequenceOfMaps, map.ValueMetadata.ElementDataType, map.KeyDataType);
                }
                break;
            case OnnxValueType.ONNX_TYPE_OPTIONAL:
                NodeMetadata contained = metadata.AsOptionalMetadata().ElementMeta;
                if (contained.IsTensor) return TensorSignature.OfKind(name, OnnxValueKind.Optional, contained.ElementDataType);
                if (contained.OnnxValueType == OnnxValueType.ONNX_TYPE_SEQUENCE && contained.AsSequenceMetadata().ElementMeta is { IsTensor: true } held)
                    return TensorSignature.OfKind(name, OnnxValueKind.OptionalSequence, held.ElementDataType);
                break;
            case OnnxValueType.ONNX_TYPE_MAP:
                MapMetadata entries = metadata.AsMapMetadata();
                if (entries.ValueMetadata.IsTensor) return TensorSignature.OfKind(name, OnnxValueKind.Map, entries.ValueMetadata.ElementDataType, entries.KeyDataType);
                break;
        }
        return TensorSignature.NonTensor(name, metadata.OnnxValueType);
    }

    /// <summary>
    /// Throws when <paramref name="actual"/> (what a session declares) differs from this signature
    /// (what a class was generated from): the model file changed since the build.
    /// </summary>
    public void EnsureMatches(ModelSignature actual, string modelDescription)
    {
        string? difference = Describe("input", _inputs, actual._inputs) ?? Describe("output", _outputs, actual._outputs);
        if (difference is not null)
            throw new OnnxModelMismatchException(
                $"The model {modelDescription} does not match the model this class was generated from: {difference}. Rebuild the project against the model you load.");
    }

    private static string? Describe(string role, TensorSignature[] expected, TensorSignature[] actual)
    {
        if (expected.Length != actual.Length)
            return $"expected {expected.Length} {role}s ({string.Join(", ", expected.Select(e => e.Name))}), the file has {actual.Length} ({string.Join(", ", actual.Select(a => a.Name))})";
        for (int i = 0; i < expected.Length; i++)
            if (!expected[i].SameDeclarationAs(actual[i]))
                return $"{role} {i} expected '{expected[i]}', the file has '{actual[i]}'";
        return null;
    }
}
