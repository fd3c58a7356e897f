using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Benchmarks.Models;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Pieces;

/// <summary>
/// What each piece of a tiny-MLP <c>Run</c>/<c>RunInto</c> call costs, one piece per benchmark, against the floor
/// (<c>RunWithBinding</c> alone) in the same run: the TorchSharp calls the runtime makes per tensor, the native
/// objects a call may make, the runtime's own steps (internal, timed alone), and the public entry points. The input is
/// the benchmark's <c>x[1, 64]</c>, the output a <c>[1, 10]</c> float tensor, as in <see cref="RunBenchmarks"/>.
/// </summary>
/// <remarks>
/// Read a piece's time against the floor's: at most ~1.15 × floor for <c>Run</c> leaves about 0.15 × floor for
/// everything a call does besides running. The internal steps run on a runner of their own over the same session.
/// </remarks>
[MemoryDiagnoser]
public unsafe class CallPieceBenchmarks
{
    private static readonly long[] OutputShape = { 1, 10 };

    private BenchmarkModel _model = null!;
    private Variants.FloorCall _floor = null!;
    private TinyMlp _generated = null!;
    private BoundSession _bound = null!;
    private SessionPlan _plan = null!;
    private ModelRunner<torch.Tensor, TorchFrontEnd> _runner = null!;
    private RunnerPool<ModelRunner<torch.Tensor, TorchFrontEnd>> _pool = null!;
    private TorchFrontEnd _frontEnd;
    private IoBindingRunner _core = null!;
    private torch.Tensor _x = null!;
    private torch.Tensor _y = null!;
    private torch.Tensor[] _inputs = null!;
    private torch.Tensor[] _outputs = null!;
    private long[][] _inputShapes = null!;
    private long[] _outputShape = null!;
    private IntPtr _foreign;
    private OrtMemoryInfo _cpu = null!;
    private OrtIoBinding _binding = null!;
    private OrtValue _outputValue = null!;
    private TensorBuffer _inputBuffer;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModel.Open(BenchmarkModelName.TinyMlp);
        _floor = new Variants.FloorCall(_model);
        _generated = new TinyMlp(_model.Session);
        _bound = new BoundSession(_model.Session, TinyMlp.Signature);
        _x = _model.Inputs[0];
        _y = torch.empty(OutputShape);
        _inputs = new[] { _x };
        _outputs = new[] { _y };

        SessionPlan plan = _plan = new SessionPlan(_model.Session, TinyMlp.Signature);
        _runner = TorchFrontEnd.NewRunner(plan);
        _pool = new RunnerPool<ModelRunner<torch.Tensor, TorchFrontEnd>>(plan, p => TorchFrontEnd.NewRunner(p));
        _frontEnd = new TorchFrontEnd(plan.Signature);
        _inputShapes = new[] { Array.Empty<long>() };
        _outputShape = Array.Empty<long>();
        CheckInputs();
        _core = new IoBindingRunner(plan);
        _inputBuffer = new TensorBuffer(TensorMemory.DataPointer(_x), _inputShapes[0], TensorElementType.Float, BufferDevice.Cpu);
        _core.BindInput(0, _inputBuffer);
        _core.BindOutput(0, new TensorBuffer(TensorMemory.DataPointer(_y), OutputShape, TensorElementType.Float, BufferDevice.Cpu));

        _foreign = (IntPtr)NativeMemory.AlignedAlloc(64 * sizeof(float), 64);
        _cpu = OrtMemoryInfo.DefaultInstance;
        _binding = _model.Session.CreateIoBinding();
        _outputValue = OrtValue.CreateTensorValueWithData(_cpu, TensorElementType.Float, OutputShape, TensorMemory.DataPointer(_y), 10 * sizeof(float));
    }

    /// <summary>ONNX Runtime's floor: <c>RunWithBinding</c> on buffers bound once.</summary>
    [Benchmark(Baseline = true)]
    public void Floor() => _floor.Call();

    // TorchSharp reads, one native call each (the runtime makes them per tensor per call).

    [Benchmark]
    public torch.ScalarType ReadDtype() => _x.dtype;

    [Benchmark]
    public long ReadDim() => _x.dim();

    [Benchmark]
    public long ReadSize() => _x.size(1);

    [Benchmark]
    public DeviceType ReadDeviceType() => _x.device_type;

    [Benchmark]
    public int ReadDeviceIndex() => _x.device_index;

    [Benchmark]
    public bool ReadIsContiguous() => _x.is_contiguous();

    [Benchmark]
    public long ReadNumel() => _x.numel();

    /// <summary>The data pointer through LibTorchSharp's <c>THSTensor_data</c> (the runtime's import).</summary>
    [Benchmark]
    public IntPtr ReadDataPointer() => NativeMethods.THSTensor_data(_x.Handle);

    // The same reads through the runtime's own imports (TensorFacts: no GC transition, no second call for an error check).

    [Benchmark]
    public torch.ScalarType FactDtype() => TensorFacts.Dtype(_x);

    [Benchmark]
    public int FactRank() => TensorFacts.Rank(_x);

    [Benchmark]
    public long FactSizes()
    {
        Span<long> shape = stackalloc long[2];
        TensorFacts.SizesInto(_x, shape);
        return shape[1];
    }

    [Benchmark]
    public DeviceType FactDeviceType() => TensorFacts.DeviceType(_x);

    [Benchmark]
    public bool FactIsContiguous() => TensorFacts.IsContiguous(_x);

    [Benchmark]
    public IntPtr FactDataPointer() => TensorFacts.Data(_x);

    // Native objects a call may make.

    /// <summary>A new output tensor as <c>Run</c> allocates it, disposed.</summary>
    [Benchmark]
    public void TorchEmptyAndDispose() => torch.empty(OutputShape, torch.ScalarType.Float32, torch.CPU).Dispose();

    /// <summary>A libtorch tensor over existing memory (<c>THSTensor_new</c>, no copy), freed without a TorchSharp wrapper.</summary>
    [Benchmark]
    public void WrapMemoryNoWrapper() => TorchImports.THSTensor_dispose(WrapForeign());

    /// <summary>The same with TorchSharp's <c>Tensor</c> wrapper made and disposed: the difference is the wrapper.</summary>
    [Benchmark]
    public void WrapMemoryAndWrapper() => torch.Tensor.UnsafeCreateTensor(WrapForeign()).Dispose();

    /// <summary>The same tensor left to TorchSharp's finalizer (not disposed): what a caller that never disposes outputs pays per call.</summary>
    [Benchmark]
    public void WrapMemoryFinalized() => torch.Tensor.UnsafeCreateTensor(WrapForeign());

    /// <summary>An OrtValue over existing memory, disposed: what binding a new output address makes.</summary>
    [Benchmark]
    public void OrtValueOverMemory() =>
        OrtValue.CreateTensorValueWithData(_cpu, TensorElementType.Float, OutputShape, _foreign, 10 * sizeof(float)).Dispose();

    /// <summary><c>OrtIoBinding.BindOutput</c> of one OrtValue (the same one every time).</summary>
    [Benchmark]
    public void BindOutput() => _binding.BindOutput(_model.OutputNames[0], _outputValue);

    // The runtime's steps, each alone.

    /// <summary>Model.Enter/Exit over a runner pool: the liveness check, the in-flight count and the pool's take and return every call makes.</summary>
    [Benchmark]
    public void EnterLeave() => _bound.Model.Exit(_pool, _bound.Model.Enter(_pool));

    /// <summary>A runner taken from and returned to a pool (<c>RunnerPool</c>), as every call of a generated class does.</summary>
    [Benchmark]
    public void PoolTakeReturn() => _pool.Return(_pool.Take());

    /// <summary>Every input fact, as the runner checks them: the front-end's (<c>TorchFrontEnd.CheckInput</c>, <c>CheckDevices</c>) and the shapes (<c>InputChecks</c>).</summary>
    [Benchmark]
    public BufferDevice CheckInputs()
    {
        _frontEnd.CheckInput(0, _x, _plan.Signature.Inputs[0], ref _inputShapes[0]);
        InputChecks.CheckShapes(_plan.Signature, _inputShapes, batchSplits: false);
        return _frontEnd.CheckDevices(_plan, _inputs);
    }

    /// <summary><c>TorchFrontEnd.CheckOutput</c>: every fact of <c>RunInto</c>'s output the front-end checks.</summary>
    [Benchmark]
    public void CheckOutputs() => _frontEnd.CheckOutput(0, _y, _plan.Signature.Outputs[0], BufferDevice.Cpu, ref _outputShape);

    /// <summary><c>IoBindingRunner.BindInput</c> of an unchanged buffer: the compare that keeps it bound.</summary>
    [Benchmark]
    public void BindUnchanged() => _core.BindInput(0, _inputBuffer);

    /// <summary>The core's <c>Run</c> alone, on the runner's own binding (input and output bound once): its floor.</summary>
    [Benchmark]
    public void CoreRunOnly() => _core.Run(BufferDevice.Cpu);

    /// <summary>
    /// <see cref="CoreRunOnly"/> followed by <see cref="CheckInputs"/> and <see cref="CheckOutputs"/>: the checks in the
    /// context of a run (after ONNX Runtime has gone through its caches), against the sum of the pieces timed alone.
    /// </summary>
    [Benchmark]
    public void CoreRunThenChecks()
    {
        _core.Run(BufferDevice.Cpu);
        CheckInputs();
        CheckOutputs();
    }

    /// <summary>
    /// <see cref="CoreRunOnly"/> followed by only the native reads a <c>RunInto</c> makes (input: dtype, rank, sizes, device
    /// type, then dtype, layout and data pointer again to prepare and bind; output: dtype, device type, layout, rank, sizes,
    /// data pointer): with <see cref="CoreRunThenChecks"/>, what of the checks is native and what managed.
    /// </summary>
    [Benchmark]
    public void CoreRunThenReads()
    {
        _core.Run(BufferDevice.Cpu);
        Span<long> shape = stackalloc long[2];
        ReadFacts(_x, shape);
        TensorFacts.Dtype(_x);
        TensorFacts.IsContiguous(_x);
        TensorFacts.Data(_x);
        ReadFacts(_y, shape);
        TensorFacts.IsContiguous(_y);
        TensorFacts.Data(_y);
    }

    // Each read once after a run: what one read costs in a call, when ONNX Runtime has just gone through the caches.

    [Benchmark]
    public void CoreRunThenDtype()
    {
        _core.Run(BufferDevice.Cpu);
        TensorFacts.Dtype(_x);
    }

    [Benchmark]
    public void CoreRunThenRankAndSizes()
    {
        _core.Run(BufferDevice.Cpu);
        Span<long> shape = stackalloc long[2];
        TensorFacts.SizesInto(_x, shape[..TensorFacts.Rank(_x)]);
    }

    [Benchmark]
    public void CoreRunThenDeviceType()
    {
        _core.Run(BufferDevice.Cpu);
        TensorFacts.DeviceType(_x);
    }

    [Benchmark]
    public void CoreRunThenIsContiguous()
    {
        _core.Run(BufferDevice.Cpu);
        TensorFacts.IsContiguous(_x);
    }

    [Benchmark]
    public void CoreRunThenData()
    {
        _core.Run(BufferDevice.Cpu);
        TensorFacts.Data(_x);
    }

    private static void ReadFacts(torch.Tensor tensor, Span<long> shape)
    {
        TensorFacts.Dtype(tensor);
        TensorFacts.SizesInto(tensor, shape[..TensorFacts.Rank(tensor)]);
        TensorFacts.DeviceType(tensor);
    }

    /// <summary>The runner's <c>RunInto</c> after its checks (prepare, bind unchanged, run, end).</summary>
    [Benchmark]
    public void RunnerRunInto() => _runner.RunInto(_inputs, _outputs, allowEmpty: false);

    /// <summary>The runner's <c>Run</c> after its checks, outputs disposed.</summary>
    [Benchmark]
    public void RunnerRun()
    {
        foreach (torch.Tensor output in _runner.Run(_inputs, allowEmpty: false)) output.Dispose();
    }

    // The public entry points.

    [Benchmark]
    public void BoundSessionRunInto() => _bound.RunInto(_inputs, _outputs);

    [Benchmark]
    public void BoundSessionRun()
    {
        foreach (torch.Tensor output in _bound.Run(_inputs)) output.Dispose();
    }

    [Benchmark]
    public void GeneratedRunInto() => _generated.RunInto(_x, _y);

    [Benchmark]
    public void GeneratedRun()
    {
        using TinyMlp.TorchOutputs outputs = _generated.RunTorch(_x);
    }

    private IntPtr WrapForeign()
    {
        long* sizes = stackalloc long[] { 1, 10 };
        return NativeMethods.THSTensor_new(_foreign, &NoDeleter, sizes, 2, (sbyte)torch.ScalarType.Float32, (sbyte)torch.ScalarType.Float32,
            (int)DeviceType.CPU, -1, requiresGrad: false);
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(System.Runtime.CompilerServices.CallConvCdecl) })]
    private static void NoDeleter(IntPtr data)
    {
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _outputValue.Dispose();
        _binding.Dispose();
        NativeMemory.AlignedFree((void*)_foreign);
        _core.Dispose();
        _runner.Dispose();
        _pool.Dispose();
        _bound.Dispose();
        _generated.Dispose();
        _y.Dispose();
        _floor.Dispose();
        _model.Dispose();
    }
}
