using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped;
using OnnxTyped.TestModels;
using TorchSharp;

// Each case prints what happened and exits 0 when the process survived it with the expected exception.
string name = args.Length > 0 ? args[0] : "";
Action? run = name switch
{
    "dispose-while-running" => DisposeWhileRunning,
    "empty-batch" => EmptyBatch,
    "session-disposed-under-the-model" => SessionDisposedUnderTheModel,
    "session-disposed-before-wrapping" => SessionDisposedBeforeWrapping,
    "runinto-wrong-shape" => RunIntoWrongShape,
    "recycled-output-grows" => RecycledOutputGrows,
    "empty-optional-output" => EmptyOptionalOutput,
    _ => null,
};
if (run is null)
{
    Console.Error.WriteLine($"unknown case '{name}'");
    return 2;
}
run();
Console.WriteLine($"{name}: survived");
return 0;

// Several threads run a slow model while the owner disposes it: calls in flight finish, later calls are refused.
static void DisposeWhileRunning()
{
    ModelSignature signature = ReadSignature(RepoModels.PpOcrDet);
    for (int round = 0; round < 5; round++)
    {
        // The model owns its session, so disposing the model frees the session: only after the calls in flight.
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        var bound = new BoundSession(RepoModels.PpOcrDet, signature, options) { Name = "Detector" };
        int finished = 0, refused = 0;
        using var start = new Barrier(5);
        Task[] callers = new Task[4];
        for (int t = 0; t < callers.Length; t++)
            callers[t] = Task.Run(() =>
            {
                using torch.Tensor x = torch.rand(1, 3, 96, 96);
                start.SignalAndWait();
                for (int call = 0; call < 1000; call++)
                {
                    try
                    {
                        foreach (torch.Tensor output in bound.Run(new[] { x })) output.Dispose();
                        Interlocked.Increment(ref finished);
                    }
                    catch (ObjectDisposedException e) when (e.ObjectName == "Detector")
                    {
                        Interlocked.Increment(ref refused);
                        return;
                    }
                }
            });
        start.SignalAndWait();
        Thread.Sleep(30);
        bound.Dispose();
        Task.WaitAll(callers);
        Console.WriteLine($"round {round}: {finished} calls finished, {refused} callers refused after disposal");
        if (refused != callers.Length) throw new InvalidOperationException("every caller should have been refused after disposal");
    }
}

static ModelSignature ReadSignature(string path)
{
    using var session = new InferenceSession(path);
    return ModelSignature.Of(session);
}

// Silero with a batch of 0 aborts the process inside ONNX Runtime; it must be refused before the run.
static void EmptyBatch()
{
    using var session = new InferenceSession(RepoModels.SileroVad);
    using var bound = new BoundSession(session, ModelSignature.Of(session));
    using torch.Tensor input = torch.zeros(0, 512), state = torch.zeros(2, 0, 128), sr = torch.tensor(16000L);
    Expect<OnnxInputException>(() => bound.Run(new[] { input, state, sr }), "has a dimension of size 0");
    Expect<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }), "has a dimension of size 0");
}

// The session is disposed through the model's Session property; running must be refused, not read freed memory.
static void SessionDisposedUnderTheModel()
{
    using var bound = new BoundSession(RepoModels.SileroVad, ReadSignature(RepoModels.SileroVad)) { Name = "SileroVad" };
    using torch.Tensor input = torch.zeros(1, 512), state = torch.zeros(2, 1, 128), sr = torch.tensor(16000L);
    foreach (torch.Tensor output in bound.Run(new[] { input, state, sr })) output.Dispose();
    bound.Session.Dispose();
    Expect<ObjectDisposedException>(() => bound.Run(new[] { input, state, sr }), "SileroVad");
    Expect<ObjectDisposedException>(() => session(bound).RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }), "session");

    static InferenceSession session(BoundSession b) => b.Session;
}

// A caller-owned session disposed before it is wrapped.
static void SessionDisposedBeforeWrapping()
{
    var session = new InferenceSession(RepoModels.SileroVad);
    ModelSignature signature = ModelSignature.Of(session);
    session.Dispose();
    Expect<ObjectDisposedException>(() => new BoundSession(session, signature), "disposed");
}

// RunInto with an output of a shape only the run can tell, wrong: our error naming the output, on both front-ends; the
// test (CrashTests) also reads this process's standard error, which must hold no ONNX Runtime error line for it.
static void RunIntoWrongShape()
{
    byte[] flatten = ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("x", 1, 2, "n", 3) },
        new[] { ModelBuilder.Tensor("y", 1, 2, "m") },
        new[] { ModelBuilder.Node("Flatten", new[] { "x" }, new[] { "y" }) });
    using var session = new InferenceSession(flatten);
    using (var model = new ModelSession(session, ModelSignature.Of(session)))
    using (OnnxTensor<float> x = OnnxTensor<float>.Allocate(2, 2, 3))
    using (OnnxTensor<float> wrong = OnnxTensor<float>.Allocate(2, 5))
        Expect<ArgumentException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { wrong }), "Output 'y' has shape [2, 5]");
    using var bound = new BoundSession(session, ModelSignature.Of(session));
    using torch.Tensor input = torch.zeros(2, 2, 3), output = torch.empty(2, 5);
    Expect<ArgumentException>(() => bound.RunInto(new[] { input }, new[] { output }), "Output 'y' has shape [2, 5]");
}

// ONNX Runtime 1.32's C# API aborts the process reading an empty optional output: RunValues asks its C API first and
// returns null for it, the filled output read as usual.
static void EmptyOptionalOutput()
{
    using var session = new InferenceSession(ValueModels.EmptyOptionalOutputs());
    using var model = new ModelSession(session, ModelSignature.Of(session));
    using OnnxTensor<float> x = OnnxTensor<float>.FromArray(new[] { 1f, 2f }, 2);
    object?[] outputs = model.RunValues(new object?[] { x });
    using var some = (OnnxTensor<float>)outputs[0]!;
    if (some.Span[1] != 2f || outputs[1] is not null || outputs[2] is not null)
        throw new InvalidOperationException("the filled optional was not read, or an empty one was not null");
}

// Run's CPU outputs reuse the block the caller gave back: a block kept for a larger output would be overrun (a heap
// overflow that may corrupt silently or crash later). The batch grows and shrinks many times, every output checked.
static void RecycledOutputGrows()
{
    var signature = new ModelSignature(
        new[] { new TensorSignature("x", Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(3)) },
        new[] { new TensorSignature("y", Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(2)) });
    using var options = new SessionOptions { IntraOpNumThreads = 1 };
    using var session = new InferenceSession(ReadyModels.Projection("batch"), options);
    using var bound = new BoundSession(session, signature);
    torch.manual_seed(13);
    for (int round = 0; round < 50; round++)
        foreach (long batch in new long[] { 1, 4096, 1, 2048 })
        {
            using torch.Tensor x = torch.rand(batch, 3) - 0.5;
            torch.Tensor y = bound.Run(new[] { x })[0];
            byte[] expected = PlainOnnxRun.Outputs(session, new Dictionary<string, PlainTensor>
            {
                ["x"] = new(new[] { batch, 3L }, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, x.bytes.ToArray()),
            })[0].Bytes;
            if (!y.bytes.ToArray().AsSpan().SequenceEqual(expected))
                throw new InvalidOperationException($"round {round}, batch {batch}: the output differs from plain Run");
            y.Dispose();   // its block goes back to the runner for the next call
        }
    Console.WriteLine("200 runs across batches 1, 4096, 1, 2048 equal plain Run");
}

static void Expect<TException>(Action action, string messagePart) where TException : Exception
{
    try
    {
        action();
    }
    catch (TException e) when (e.Message.Contains(messagePart, StringComparison.Ordinal))
    {
        Console.WriteLine($"refused as expected: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        return;
    }
    throw new InvalidOperationException($"expected {typeof(TException).Name} mentioning '{messagePart}'");
}
