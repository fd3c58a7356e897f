using System;

namespace OnnxTyped;

/// <summary>
/// The tensors a value call pins (its inputs, and the tensors its sequences hold), any number of them, each until
/// <see cref="UnpinAll"/>: managed memory stays put and native memory stays alive while ONNX Runtime reads it.
/// </summary>
internal sealed class PinSet
{
    private OnnxTensor?[] _tensors = new OnnxTensor?[4];
    private PinnedTensor[] _pins = new PinnedTensor[4];
    private int _count;

    /// <summary>Pins <paramref name="tensor"/> until <see cref="UnpinAll"/>; returns the address of its first element.</summary>
    public IntPtr Pin(OnnxTensor tensor)
    {
        if (_count == _tensors.Length)
        {
            Array.Resize(ref _tensors, _count * 2);
            Array.Resize(ref _pins, _count * 2);
        }
        IntPtr address = tensor.Pin(ref _pins[_count]);
        _tensors[_count++] = tensor;
        return address;
    }

    /// <summary>Ends every pin.</summary>
    public void UnpinAll()
    {
        for (int i = 0; i < _count; i++)
        {
            _tensors[i]!.Unpin(ref _pins[i]);
            _tensors[i] = null;
        }
        _count = 0;
    }
}
