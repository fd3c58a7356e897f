using System;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Thrown inside the reader when the bytes are not a valid ONNX protobuf; caught at the reader's
/// entry point and turned into a diagnostic, never seen by the compiler.
/// </summary>
internal sealed class MalformedModelException : Exception
{
    public MalformedModelException(string message)
        : base(message)
    {
    }
}
