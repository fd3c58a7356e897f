namespace OnnxTyped.Generator.Reader;

/// <summary>One <c>StringStringEntryProto</c> of <c>ModelProto.metadata_props</c>.</summary>
internal sealed record StringStringEntryProto(string Key, string Value);
