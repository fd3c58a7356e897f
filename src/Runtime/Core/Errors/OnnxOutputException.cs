using System;

namespace OnnxTyped;

/// <summary>
/// An output tensor given to <c>RunInto</c> cannot take the model's output: null, disposed, of another element type,
/// shape or device, or sharing memory with another tensor of the call. Names the output (<see cref="OutputName"/>) and
/// the parameter it came through: <c>outputs</c> on <see cref="ModelSession"/>, the generated parameter (such as
/// <c>stateN</c>) on a generated class.
/// </summary>
public sealed class OnnxOutputException : ArgumentException
{
    private readonly string _reason;

    /// <summary>An error about output <paramref name="outputName"/>, given through <paramref name="parameterName"/>.</summary>
    public OnnxOutputException(string outputName, string message, string? parameterName, Exception? innerException = null)
        : base(message, parameterName, innerException)
    {
        OutputName = outputName;
        _reason = message;
    }

    /// <summary>The ONNX name of the output.</summary>
    public string OutputName { get; }

    /// <summary>The same error, named after the parameter <paramref name="parameterName"/> the output came through (this one inside).</summary>
    public OnnxOutputException WithParameter(string parameterName) => new(OutputName, _reason, parameterName, this);
}
