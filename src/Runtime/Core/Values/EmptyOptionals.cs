using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Which outputs of a run are empty optionals, asked through ONNX Runtime's C API (<c>HasValue</c>), which its C# API does
/// not expose. The C# API aborts the process when it reads an empty optional (its <c>OrtValue</c> asks the value's type,
/// and ONNX Runtime 1.32 dereferences a null type: a segmentation fault in <c>OrtGetValueType</c>, from
/// <c>OrtIoBinding.GetOutputValues</c> and plain <c>Run</c> alike), so a value call asks first and never lets it read one.
/// </summary>
internal static unsafe class EmptyOptionals
{
    // Indices of the C API's functions in its table (struct OrtApi in onnxruntime_c_api.h), which is append-only: fixed
    // since API version 11 added HasValue. Counted from the v1.13.1 header; ValueCallTests check them on the version shipped.
    private const int AllocatorFree = 76;
    private const int GetAllocatorWithDefaultOptions = 78;
    private const int ReleaseStatus = 93;
    private const int ReleaseValue = 96;
    private const int GetBoundOutputValues = 140;
    private const int HasValue = 192;
    private const uint ApiVersion = 13;

    private static readonly IntPtr* Api = OpenApi();

    /// <summary>
    /// Sets <paramref name="empty"/>[o] for every output bound in <paramref name="binding"/> (all of them, in model order)
    /// that is an empty optional; returns whether any is. Only outputs declared optional are asked.
    /// </summary>
    public static bool Find(OrtIoBinding binding, IReadOnlyList<TensorSignature> outputs, bool[] empty)
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Api[GetAllocatorWithDefaultOptions])(&allocator));
        IntPtr values;
        nuint count;
        bool added = false;
        binding.DangerousAddRef(ref added);
        try
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, nuint*, IntPtr>)Api[GetBoundOutputValues])(binding.DangerousGetHandle(), allocator, &values, &count));
        }
        finally
        {
            if (added) binding.DangerousRelease();
        }
        if (count == 0) return false;
        bool any = false;
        IntPtr* handles = (IntPtr*)values;
        try
        {
            for (int o = 0; o < (int)count && o < outputs.Count; o++)
            {
                empty[o] = false;
                if (outputs[o].Kind is not (OnnxValueKind.Optional or OnnxValueKind.OptionalSequence)) continue;
                int has;
                Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Api[HasValue])(handles[o], &has));
                empty[o] = has == 0;
                any |= empty[o];
            }
        }
        finally
        {
            // The copies GetBoundOutputValues made, and its array: the binding keeps its own.
            for (int o = 0; o < (int)count; o++) ((delegate* unmanaged<IntPtr, void>)Api[ReleaseValue])(handles[o]);
            ((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Api[AllocatorFree])(allocator, values);
        }
        return any;
    }

    // A failed call returns an OrtStatus, released here; its message is not needed: the caller's run already succeeded.
    private static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero) return;
        ((delegate* unmanaged<IntPtr, void>)Api[ReleaseStatus])(status);
        throw new InvalidOperationException("ONNX Runtime's C API could not tell which outputs are empty optionals.");
    }

    private static IntPtr* OpenApi()
    {
        // OrtApiBase: GetApi(version), then GetVersionString.
        IntPtr apiBase = OrtGetApiBase();
        return (IntPtr*)((delegate* unmanaged<uint, IntPtr>)(*(IntPtr*)apiBase))(ApiVersion);
    }

    [DllImport("onnxruntime")]
    private static extern IntPtr OrtGetApiBase();
}
