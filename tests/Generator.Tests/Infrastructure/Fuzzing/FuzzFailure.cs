using System;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>A promise the fuzz tests make of every input, broken by one input.</summary>
internal sealed class FuzzFailure : Exception
{
    public FuzzFailure(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
