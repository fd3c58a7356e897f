namespace OnnxTyped.Generator.Spec;

/// <summary>
/// One declared dimension: a fixed <see cref="Size"/>, or a symbolic one with a <see cref="Name"/>
/// (empty when anonymous). Only a number and a string, so it is equatable for the pipeline cache.
/// </summary>
internal sealed record DimSpec(long Size, string Name)
{
    public bool IsFixed => Size >= 0;

    public static DimSpec Fixed(long size) => new(size, "");

    public static DimSpec Symbolic(string name) => new(-1, name);

    /// <summary>The size, the symbolic name, or <c>?</c>: how docs show the dimension.</summary>
    public string DisplayText => IsFixed ? Size.ToString(System.Globalization.CultureInfo.InvariantCulture) : (Name.Length == 0 ? "?" : Name);
}
