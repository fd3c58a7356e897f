using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Which input dtypes may be cast to which declared model dtypes: the table of the reference
/// implementation (Roboflow inference-models' <c>run_onnx_session_via_iobinding</c>), plus identity.
/// Every cast it allows is value-preserving or widening to floating point; anything else
/// (float64 → float32, int64 → int32, ...) is refused rather than silently losing data.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>input dtype</term><description>allowed model dtypes</description></listheader>
/// <item><term>float16</term><description>float16, float32, float64</description></item>
/// <item><term>float32</term><description>float16, float32, float64</description></item>
/// <item><term>int8</term><description>int8, int16, int32, int64, float16, float32, float64</description></item>
/// <item><term>int16</term><description>int16, int32, int64, float16, float32, float64</description></item>
/// <item><term>int32</term><description>int32, int64, float16, float32, float64</description></item>
/// <item><term>uint8</term><description>uint8, int16, int32, int64, float16, float32, float64</description></item>
/// <item><term>bool</term><description>uint8, int8, float16, float32, float64</description></item>
/// <item><term>any other</term><description>only itself</description></item>
/// <item><term>int16, int32, int64</term><description>also uint16, uint32, uint64 respectively: the bits are passed as they are (TorchSharp has no such unsigned dtypes)</description></item>
/// </list>
/// </remarks>
public static class CastTable
{
    private static readonly Dictionary<torch.ScalarType, TensorElementType[]> Allowed = new()
    {
        [torch.ScalarType.Float16] = new[] { TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Float32] = new[] { TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double },
        [torch.ScalarType.Int8] = new[]
        {
            TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
            TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double,
        },
        [torch.ScalarType.Int16] = new[]
        {
            TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
            TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double,
        },
        [torch.ScalarType.Int32] = new[]
        {
            TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double,
        },
        [torch.ScalarType.Byte] = new[]
        {
            TensorElementType.UInt8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
            TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double,
        },
        [torch.ScalarType.Bool] = new[]
        {
            TensorElementType.UInt8, TensorElementType.Int8, TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double,
        },
    };

    /// <summary>True when an input of dtype <paramref name="source"/> may be fed to a model input declared <paramref name="target"/>.</summary>
    public static bool CanCast(torch.ScalarType source, TensorElementType target)
    {
        // Identity: the dtype the model's type maps to (for uint16/32/64, the signed carrier of the same width).
        if (TorchElementTypes.ToTorch(target) == source) return true;
        return Allowed.TryGetValue(source, out TensorElementType[]? targets) && targets.Contains(target);
    }

    /// <summary>The input dtypes (by name) that may be fed to a model input declared <paramref name="target"/>.</summary>
    public static IReadOnlyList<string> SourcesFor(TensorElementType target)
    {
        var sources = new List<string>();
        if (TorchElementTypes.ToTorch(target) is { } same) sources.Add(TorchElementTypes.TorchName(same));
        foreach (KeyValuePair<torch.ScalarType, TensorElementType[]> row in Allowed)
        {
            string name = TorchElementTypes.TorchName(row.Key);
            if (row.Value.Contains(target) && !sources.Contains(name)) sources.Add(name);
        }
        return sources;
    }
}
