using System;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// The calls of one generated model class on the benchmark's inputs, through both front-ends (torch tensors and
/// <c>OnnxTensor&lt;T&gt;</c>). Each model's class has its own
/// parameter list, so each model has an implementation; the benchmark pays one interface call on top.
/// </summary>
internal interface IGeneratedModelCalls : IDisposable
{
    /// <summary>The generated torch <c>RunTorch</c>: new output tensors, disposed at once.</summary>
    void Run();

    /// <summary>The generated torch <c>RunInto</c>, into output tensors made once and reused.</summary>
    void RunInto();

    /// <summary>One <c>RunTorch</c>, returning the outputs' elements.</summary>
    float[][] RunOnce();

    /// <summary>One torch <c>RunInto</c> from the benchmark's fixed inputs, returning the outputs' elements.</summary>
    float[][] RunIntoOnce();

    /// <summary>The typed front-end's <c>Run</c> on <c>OnnxTensor&lt;T&gt;</c>: new outputs, disposed at once.</summary>
    void TypedRun();

    /// <summary>The typed front-end's <c>RunInto</c>, into output tensors made once and reused.</summary>
    void TypedRunInto();

    /// <summary>One typed <c>Run</c>, returning the outputs' elements.</summary>
    float[][] TypedRunOnce();

    /// <summary>One typed <c>RunInto</c> from the benchmark's fixed inputs, returning the outputs' elements.</summary>
    float[][] TypedRunIntoOnce();
}
