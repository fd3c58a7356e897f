using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace OnnxTyped;

/// <summary>
/// One of a micro-batcher's threads and what it runs a batch with: gathers every request's rows into one host block per
/// input, runs the model once through the typed runner, scatters each request's rows of every output to where that
/// request wants them, and completes it. Several workers run batches side by side (<see cref="MicroBatchOptions.MaxConcurrentBatches"/>).
/// </summary>
internal sealed class BatchWorker
{
    private readonly MicroBatcher _batcher;
    private readonly ModelSession _model;
    private readonly BatchAxes _axes;
    private readonly List<BatchRequest> _members = new();
    private readonly InputBlock[] _batchData;     // per input: the host block a batch is gathered into, grown as needed
    private readonly OnnxTensor[] _batchInputs;   // per input: a tensor over that block, remade when the batch's shape changes
    private readonly List<BatchRequest> _alone = new(1);
    private PinnedTensor[]? _outputPins;          // per output of the batch: held while it is scattered
    private IntPtr[]? _outputData;

    private struct InputBlock
    {
        public NativeTensorMemory? Memory;
        public long Capacity;
    }

    public BatchWorker(MicroBatcher batcher, ModelSession model, BatchAxes axes)
    {
        _batcher = batcher;
        _model = model;
        _axes = axes;
        _batchData = new InputBlock[model.Signature.Inputs.Count];
        _batchInputs = new OnnxTensor[model.Signature.Inputs.Count];
    }

    /// <summary>Takes batches and runs them until the batcher is closed and drained.</summary>
    public void Loop()
    {
        try
        {
            while (_batcher.NextBatch(_members))
            {
                RunBatch(_members);
                _members.Clear();
            }
        }
        finally
        {
            ReleaseBatchData();
            _batcher.WorkerStopped();
        }
    }

    private void RunBatch(List<BatchRequest> members)
    {
        long now = Stopwatch.GetTimestamp();
        foreach (BatchRequest member in members) _batcher.Counters.QueuedFor(now - member.QueuedAt);
        if (members.Count == 1)
        {
            RunAlone(members[0]);
            return;
        }
        try
        {
            RunTogether(members, default);
        }
        catch (Exception)
        {
            // ONNX Runtime failed the batch (or it could not be formed): each request runs on its own, so only a guilty
            // request fails, with its own error.
            _batcher.Counters.SerialRerun();
            foreach (BatchRequest member in members) RunAlone(member);
        }
    }

    // A run the request has to itself: its token stops it (RunOptions.Terminate).
    private void RunAlone(BatchRequest request)
    {
        _alone.Add(request);
        try
        {
            request.Cancellation.ThrowIfCancellationRequested();
            RunTogether(_alone, request.Cancellation);
        }
        catch (Exception error)
        {
            _batcher.Counters.Completed();
            request.Complete(error);
        }
        finally
        {
            _alone.Clear();
        }
    }

    // Runs the members as one batch and completes each. Throws, completing none, when the run fails.
    private void RunTogether(List<BatchRequest> members, CancellationToken cancellation)
    {
        long rows = 0;
        foreach (BatchRequest member in members) rows += member.Rows;
        for (int i = 0; i < _batchInputs.Length; i++) Gather(i, members, rows);

        OnnxTensor[] outputs = _model.RunBatch(_batchInputs, cancellation, _axes.AllAlongFirstDim);
        try
        {
            CheckBatchAxes(outputs, rows);
            _batcher.Counters.Ran(rows);
            CallMetrics.Batched(_model.Name, members.Count);
            _outputPins ??= new PinnedTensor[outputs.Length];
            _outputData ??= new IntPtr[outputs.Length];
            for (int o = 0; o < outputs.Length; o++) _outputData[o] = outputs[o].Pin(ref _outputPins[o]);
            Scatter(members, outputs, rows);
        }
        finally
        {
            for (int o = 0; o < outputs.Length; o++)
            {
                if (_outputPins is not null) outputs[o].Unpin(ref _outputPins[o]);
                outputs[o].Dispose();
            }
        }
    }

    private unsafe void Gather(int input, List<BatchRequest> members, long rows)
    {
        TensorSignature declared = _model.Signature.Inputs[input];
        int axis = _axes.Inputs[input];
        long[] firstShape = members[0].InputShapes[input];
        OnnxTensor? current = _batchInputs[input];
        bool sameShape = current is not null && current.Rank == firstShape.Length;
        for (int d = 0; sameShape && d < firstShape.Length; d++) sameShape = current!.Shape[d] == (d == axis ? rows : firstShape[d]);

        long[] shape = sameShape ? current!.ShapeArray : BatchShape(firstShape, axis, rows);
        long bytes = ElementTypes.ByteCount(declared.ElementType, OnnxTensor.ElementCountOf(shape));
        ref InputBlock block = ref _batchData[input];
        if (block.Memory is null || block.Capacity < bytes)
        {
            block.Memory?.Dispose();
            block.Memory = null;
            block.Memory = NativeTensorMemory.Allocate(Math.Max(bytes, 64), zeroed: false);
            block.Capacity = Math.Max(bytes, 64);
            sameShape = false;
        }
        if (!sameShape) _batchInputs[input] = DotnetElementTypes.Over(declared.ElementType, NativeTensorMemory.Borrowed(block.Memory.Address), shape, BufferDevice.Cpu);

        if (axis < 0)
        {
            // Equal in every member (the batch was formed so): the first member's copy.
            members[0].UnbatchedBytes[input].AsSpan().CopyTo(new Span<byte>((void*)block.Memory.Address, (int)bytes));
            return;
        }
        long at = 0;
        foreach (BatchRequest member in members)
        {
            RowBlocks.Gather(member.InputData[input], member.Rows, member.InputShapes[input], axis, declared.ElementType, block.Memory.Address, rows, at);
            at += member.Rows;
        }
    }

    private static long[] BatchShape(long[] shape, int axis, long rows)
    {
        long[] batch = (long[])shape.Clone();
        if (axis >= 0) batch[axis] = rows;
        return batch;
    }

    // A model that does not keep its rows along the batch axis (an output that sums over it, say) cannot be split back:
    // refused rather than scattered wrongly.
    private void CheckBatchAxes(OnnxTensor[] outputs, long rows)
    {
        for (int o = 0; o < outputs.Length; o++)
        {
            int axis = _axes.Outputs[o];
            if (axis < outputs[o].Rank && outputs[o].Shape[axis] == rows) continue;
            TensorSignature declared = _model.Signature.Outputs[o];
            throw new InvalidOperationException(
                $"{_model.Name}: output '{declared.Name}' came out with shape {ShapeText.Of(outputs[o].ShapeArray)} for a batch of {rows} row(s) along '{_axes.DimName}' " +
                $"(declared {declared.ShapeText}): its dimension {axis} does not follow the batch, so the rows cannot be handed back. Turn micro-batching off for this model.");
        }
    }

    private void Scatter(List<BatchRequest> members, OnnxTensor[] outputs, long rows)
    {
        long at = 0;
        foreach (BatchRequest member in members)
        {
            Exception? error = null;
            try
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    int axis = _axes.Outputs[o];
                    TensorSignature declared = _model.Signature.Outputs[o];
                    if (!PackedRows.AtByteBoundaries(declared, PackedRows.RowElements(outputs[o].Shape, axis)))
                        throw PackedRows.OutputRefused(declared, outputs[o].ShapeArray, axis, "to hand each request its rows");
                    IntPtr destination = member.OutputDestination(o, outputs[o].Shape, axis);
                    RowBlocks.Scatter(_outputData![o], rows, at, destination, member.Rows, outputs[o].Shape, axis, declared.ElementType);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            at += member.Rows;
            _batcher.Counters.Completed();
            member.Complete(error);
        }
    }

    private void ReleaseBatchData()
    {
        for (int i = 0; i < _batchData.Length; i++)
        {
            _batchData[i].Memory?.Dispose();
            _batchData[i] = default;
            _batchInputs[i] = null!;
        }
    }
}
