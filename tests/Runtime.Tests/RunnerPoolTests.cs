using System;
using System.Buffers;
using System.Linq;
using System.Threading;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The pool of runners (each with its IO binding) behind every model: more concurrent callers than it keeps get runners
/// of their own, which are disposed when they come back to a full pool, so a burst leaves no binding behind.
/// </summary>
[Collection(SerialCollection.Name)] // reads the process-wide native ledger
public sealed class RunnerPoolTests
{
    [Fact]
    public void BurstOfMoreCallersThanThePoolKeeps_LeavesOnlyThePoolsRunners_AndNoneOnceDisposed()
    {
        // Each caller's input pins through a memory manager that waits until every caller is inside its call, so all of
        // them hold a runner at once: the pool (at most 8 idle on a 2-core machine, 64 at most anywhere) overflows.
        int callers = Math.Clamp(Environment.ProcessorCount * 2, 8, 64) + 8;
        long bindings = NativeLedger.LiveBindings;
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(4, 8, 3, seed: 11));
        var model = new ModelSession(session, ModelSignature.Of(session));
        using var together = new Barrier(callers);
        var inputs = Enumerable.Range(0, callers).Select(c => new float[] { c, 1, -c, 0.5f }).ToArray();
        var expected = inputs.Select(x => PlainOnnxRun.FloatOutputs(session, "x", x, 1, 4)[0]).ToArray();
        var results = new float[callers][];
        var errors = new Exception?[callers];
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            try
            {
                using var memory = new WaitingMemory(inputs[c], together);
                using OnnxTensor<float> x = OnnxTensor<float>.FromMemory(memory.Memory, 1, 4);
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
                results[c] = ((OnnxTensor<float>)outputs[0]).ToArray();
                outputs[0].Dispose();
            }
            catch (Exception e)
            {
                errors[c] = e;
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        Assert.All(errors, e => Assert.Null(e));
        for (int c = 0; c < callers; c++) Assert.Equal(expected[c], results[c]);
        long kept = NativeLedger.LiveBindings - bindings;
        Assert.InRange(kept, 1, callers - 8); // the overflow's runners were disposed on their way back
        model.Dispose();
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    // Memory over an array whose Pin (made inside the call, once the runner is taken) waits for every other caller.
    private sealed unsafe class WaitingMemory : MemoryManager<float>
    {
        private readonly float[] _data;
        private readonly Barrier _together;
        private System.Runtime.InteropServices.GCHandle _pin;

        public WaitingMemory(float[] data, Barrier together)
        {
            _data = data;
            _together = together;
        }

        public override Span<float> GetSpan() => _data;

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if (!_together.SignalAndWait(TimeSpan.FromMinutes(2))) throw new TimeoutException("not every caller reached its call");
            _pin = System.Runtime.InteropServices.GCHandle.Alloc(_data, System.Runtime.InteropServices.GCHandleType.Pinned);
            return new MemoryHandle((float*)_pin.AddrOfPinnedObject() + elementIndex, _pin, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
