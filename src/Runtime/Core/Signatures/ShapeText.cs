using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnnxTyped;

/// <summary>Actual shapes as messages show them: <c>[2, 3]</c>, <c>[]</c> for a scalar.</summary>
internal static class ShapeText
{
    public static string Of(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
