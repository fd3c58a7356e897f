using System.Linq;
using TorchSharp;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Comparisons of torch tensors for assertions.</summary>
internal static class TorchValues
{
    /// <summary>Same shape, dtype and values (torch.equal).</summary>
    public static bool Same(torch.Tensor a, torch.Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using torch.Tensor same = a.eq(b);
        using torch.Tensor all = same.all();
        return all.item<bool>();
    }
}
