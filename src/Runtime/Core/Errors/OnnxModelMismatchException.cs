using System;

namespace OnnxTyped;

/// <summary>The model loaded at run time does not declare what the generated class was built from.</summary>
public sealed class OnnxModelMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OnnxModelMismatchException(string message)
        : base(message)
    {
    }
}
