using System;

namespace OnnxTyped;

/// <summary>
/// An input cannot be fed to the model: missing, wrong dtype, wrong shape, wrong device, or not a
/// tensor. The message names the input, what the model expects and what was given; nothing was run.
/// </summary>
public sealed class OnnxInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public OnnxInputException(string inputName, string expected, string actual, string message)
        : base(message)
    {
        InputName = inputName;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The ONNX name of the offending input.</summary>
    public string InputName { get; }

    /// <summary>What the model expects (a dtype, a shape, a device...).</summary>
    public string Expected { get; }

    /// <summary>What was given.</summary>
    public string Actual { get; }
}
