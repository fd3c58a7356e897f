using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace OnnxTyped.TestModels;

/// <summary>
/// Builds ONNX models from OnnxSharp's message types, one part at a time: value infos, nodes,
/// attributes, initializers and the model around them.
/// </summary>
/// <remarks>
/// Element types are ONNX's <c>TensorProto.DataType</c> numbers. Each method that takes one also takes
/// an enum that numbers element types the same way (ONNX Runtime's <c>TensorElementType</c>,
/// OnnxSharp's <see cref="TensorProto.Types.DataType"/>), so callers keep the type they test with.
/// </remarks>
public static class ModelBuilder
{
    /// <summary>The IR version every built model declares.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain opset a model imports unless told otherwise.</summary>
    public const int DefaultOpset = 17;

    /// <summary>
    /// One dimension: a number (<see cref="int"/> or <see cref="long"/>) is fixed, a non-empty string is
    /// symbolic, <see langword="null"/> or <c>""</c> is anonymous (neither value nor name).
    /// </summary>
    public static TensorShapeProto.Types.Dimension Dim(object? dim) => dim switch
    {
        null or "" => new TensorShapeProto.Types.Dimension(),
        string name => new TensorShapeProto.Types.Dimension { DimParam = name },
        int or long => new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"A dimension is a number, a name or null, not {dim.GetType().Name}.", nameof(dim)),
    };

    /// <summary>A tensor value info with a shape of <paramref name="dims"/> (see <see cref="Dim"/>); no dims is a scalar.</summary>
    public static ValueInfoProto Tensor(string name, int elementType, params object?[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims, nameof(dims) + " (for a tensor of unknown rank use ShapelessTensor)");
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(Dim));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } };
    }

    /// <inheritdoc cref="Tensor(string, int, object?[])"/>
    public static ValueInfoProto Tensor<TElement>(string name, TElement elementType, params object?[] dims) where TElement : struct, Enum =>
        Tensor(name, ElementTypeNumber(elementType), dims);

    /// <summary>A tensor value info with no shape field at all (unknown rank).</summary>
    public static ValueInfoProto ShapelessTensor(string name, int elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType } } };

    /// <summary>A value info for a sequence of tensors of unknown shape.</summary>
    public static ValueInfoProto SequenceOf(string name, int elementType) => new()
    {
        Name = name,
        Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = ShapelessTensor("", elementType).Type } },
    };

    /// <inheritdoc cref="SequenceOf(string, int)"/>
    public static ValueInfoProto SequenceOf<TElement>(string name, TElement elementType) where TElement : struct, Enum =>
        SequenceOf(name, ElementTypeNumber(elementType));

    /// <summary>A value info for an optional tensor of unknown shape.</summary>
    public static ValueInfoProto OptionalOf(string name, int elementType) => new()
    {
        Name = name,
        Type = new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = ShapelessTensor("", elementType).Type } },
    };

    /// <summary>A value info for an optional sequence of tensors of unknown shape.</summary>
    public static ValueInfoProto OptionalSequenceOf(string name, int elementType) => new()
    {
        Name = name,
        Type = new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = SequenceOf("", elementType).Type } },
    };

    /// <summary>A value info for a map from <paramref name="keyType"/> keys to <paramref name="valueType"/> values.</summary>
    public static ValueInfoProto MapOf(string name, int keyType, int valueType) => new()
    {
        Name = name,
        Type = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = keyType, ValueType = ShapelessTensor("", valueType).Type } },
    };

    /// <summary>A value info for a sequence of maps (what scikit-learn's ZipMap returns).</summary>
    public static ValueInfoProto SequenceOfMaps(string name, int keyType, int valueType) => new()
    {
        Name = name,
        Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = MapOf("", keyType, valueType).Type } },
    };

    /// <summary>A node named after its operator and outputs (<c>MatMul_y</c>), in the default domain.</summary>
    public static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + string.Join("_", outputs) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A tensor-valued attribute, such as a <c>Constant</c> node's <c>value</c>.</summary>
    public static AttributeProto TensorAttribute(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    /// <summary>A float32 tensor of shape <paramref name="dims"/> holding <paramref name="values"/> (an initializer or an attribute value).</summary>
    public static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    /// <summary>
    /// A model of one graph: IR version 8, the default domain at <paramref name="opset"/>. The graph and
    /// producer names show in generated class docs, so snapshot tests set the ones their baselines hold.
    /// </summary>
    public static ModelProto Model(
        IEnumerable<ValueInfoProto> inputs,
        IEnumerable<ValueInfoProto> outputs,
        IEnumerable<NodeProto>? nodes = null,
        IEnumerable<TensorProto>? initializers = null,
        int opset = DefaultOpset,
        string graphName = "test_graph",
        string producerName = "OnnxTyped.TestModels",
        string producerVersion = "")
    {
        var graph = new GraphProto { Name = graphName };
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        if (nodes is not null) graph.Node.AddRange(nodes);
        if (initializers is not null) graph.Initializer.AddRange(initializers);
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = producerName, ProducerVersion = producerVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    /// <summary>The bytes of <see cref="Model"/>, as an <c>InferenceSession</c> takes them.</summary>
    public static byte[] Build(
        IEnumerable<ValueInfoProto> inputs,
        IEnumerable<ValueInfoProto> outputs,
        IEnumerable<NodeProto>? nodes = null,
        IEnumerable<TensorProto>? initializers = null,
        int opset = DefaultOpset) =>
        Model(inputs, outputs, nodes, initializers, opset).ToByteArray();

    /// <summary>The ONNX number of an element type given as an enum that numbers them as ONNX does.</summary>
    public static int ElementTypeNumber<TElement>(TElement elementType) where TElement : struct, Enum =>
        Convert.ToInt32(elementType, CultureInfo.InvariantCulture);
}
