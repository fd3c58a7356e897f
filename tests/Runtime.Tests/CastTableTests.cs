using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Every row of the cast table, and refusals, on real sessions (Identity models declared with the target type).</summary>
public sealed class CastTableTests
{
    private static readonly torch.ScalarType[] Sources =
    {
        torch.ScalarType.Float16, torch.ScalarType.Float32, torch.ScalarType.Float64, torch.ScalarType.BFloat16,
        torch.ScalarType.Int8, torch.ScalarType.Int16, torch.ScalarType.Int32, torch.ScalarType.Int64,
        torch.ScalarType.Byte, torch.ScalarType.Bool,
    };

    private static readonly TensorElementType[] Targets =
    {
        TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double, TensorElementType.BFloat16,
        TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
        TensorElementType.UInt8, TensorElementType.Bool,
        TensorElementType.UInt16, TensorElementType.UInt32, TensorElementType.UInt64,
    };

    // The reference table (source → allowed targets), plus identity. uint16/32/64 have no torch dtype: they take
    // only the signed dtype of the same width, whose bits they are (never a widening or a cast from another type).
    private static readonly Dictionary<torch.ScalarType, TensorElementType[]> Expected = new()
    {
        [torch.ScalarType.Float16] = new[] { TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Float32] = new[] { TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Float64] = new[] { TensorElementType.Double },
        [torch.ScalarType.BFloat16] = new[] { TensorElementType.BFloat16 },
        [torch.ScalarType.Int8] = new[] { TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Int16] = new[] { TensorElementType.UInt16, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Int32] = new[] { TensorElementType.UInt32, TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Int64] = new[] { TensorElementType.UInt64, TensorElementType.Int64 },
        [torch.ScalarType.Byte] = new[] { TensorElementType.UInt8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Bool] = new[] { TensorElementType.Bool, TensorElementType.UInt8, TensorElementType.Int8, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
    };

    public static IEnumerable<object[]> AllPairs() =>
        from s in Sources from t in Targets select new object[] { s, t };

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CastTable_MatchesTheReferenceTable(torch.ScalarType source, TensorElementType target) =>
        Assert.Equal(Expected[source].Contains(target), CastTable.CanCast(source, target));

    public static IEnumerable<object[]> AllowedPairs() =>
        from s in Sources from t in Targets where Expected[s].Contains(t) select new object[] { s, t };

    public static IEnumerable<object[]> RefusedPairs() =>
        from s in Sources from t in Targets where !Expected[s].Contains(t) select new object[] { s, t };

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void AllowedCast_RunsAndEqualsPlainRunOnCastData(torch.ScalarType source, TensorElementType target)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Identity(target, 2, 3));
        using torch.Tensor values = torch.tensor(new float[] { 0, 1, 2, 3, 4, 5 }).reshape(2, 3);
        using torch.Tensor x = source == torch.ScalarType.Bool ? values.remainder(2).to_type(torch.ScalarType.Bool) : values.to_type(source);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };

        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);

        Assert.Equal(Reference.TorchDtypeOf(target), outputs[0].dtype);
        using torch.Tensor expected = x.to_type(Reference.TorchDtypeOf(target));
        Assert.True(TorchValues.Same(expected, outputs[0]), $"{source} → {target}: values changed");
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void RefusedCast_NamesInputActualAndExpectedDtype(torch.ScalarType source, TensorElementType target)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Identity(target, 2, 3));
        using torch.Tensor x = torch.zeros(new long[] { 2, 3 }, source);

        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x }));

        Assert.Equal("x", error.InputName);
        Assert.Contains("Input 'x'", error.Message);
        Assert.Contains($"dtype {TorchElementTypes.TorchName(source)}", error.Message);
        Assert.Contains($"expects {ElementTypes.OnnxName(target)}", error.Message);
    }
}
