namespace OnnxTyped.Generator.Spec;

/// <summary>One <c>metadata_props</c> entry of the model; two strings, equatable for the pipeline cache.</summary>
internal sealed record MetadataEntrySpec(string Key, string Value);
