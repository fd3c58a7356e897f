namespace OnnxTyped;

/// <summary>What this runtime knows of one execution provider: how it is appended and where its inputs may live.</summary>
/// <param name="Name">The ONNX Runtime name, as <c>GetAvailableProviders()</c> spells it.</param>
/// <param name="Append">The C# API call that appends it.</param>
/// <param name="GenericName">For <see cref="ProviderAppend.Generic"/>: the short name ONNX Runtime's generic call takes.</param>
/// <param name="GpuCapable">In the Python original's <c>GPU_CAPABLE_EXECUTION_PROVIDERS</c>: a CUDA device request is kept when it is in effect.</param>
/// <param name="TakesCudaMemory">Reads CUDA device memory bound by address (torch CUDA tensors); every other provider takes host memory, which ONNX Runtime copies to its device at bind time.</param>
internal sealed record ProviderInfo(string Name, ProviderAppend Append, string? GenericName, bool GpuCapable, bool TakesCudaMemory);
