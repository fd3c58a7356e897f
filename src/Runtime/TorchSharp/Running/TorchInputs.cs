using System;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Checks a call's torch tensors against the model once, before anything is bound or split: the count, shapes and
/// shared dimensions through the core's <see cref="InputChecks"/>, and the facts only tensors have here: null, dtype
/// (the <see cref="CastTable"/>), and device.
/// </summary>
internal static class TorchInputs
{
    /// <summary>Checks <paramref name="inputs"/> and fills <paramref name="into"/> (and <paramref name="devices"/>, one entry per input, as scratch).</summary>
    /// <exception cref="ArgumentException">Not one tensor per model input.</exception>
    /// <exception cref="OnnxInputException">An input is null, has a dtype the cast table refuses, a wrong shape, or a device that differs or cannot be bound.</exception>
    /// <exception cref="NotSupportedException">An input is not a tensor, or has an element type TorchSharp lacks.</exception>
    public static void Check(SessionPlan plan, ReadOnlySpan<torch.Tensor> inputs, bool batchSplits, bool allowEmpty, CheckedInputs into, (DeviceType, int)[] devices)
    {
        ModelSignature signature = plan.Signature;
        InputChecks.CheckCount(signature, inputs.Length);
        int count = inputs.Length;
        for (int i = 0; i < count; i++)
        {
            TensorSignature declared = signature.Inputs[i];
            torch.Tensor tensor = inputs[i] ?? throw new OnnxInputException(declared.Name, declared.ToString(), "null",
                $"Input '{declared.Name}' is null; the model expects {ElementTypes.OnnxName(declared.ElementType)} {declared.ShapeText}.");
            if (tensor.IsInvalid)
                throw new OnnxInputException(declared.Name, declared.ToString(), "a disposed tensor",
                    $"Input '{declared.Name}' was disposed before the call (the model expects {ElementTypes.OnnxName(declared.ElementType)} {declared.ShapeText}). " +
                    "An output kept past its Outputs object must be taken with Outputs.Take, or disposing the Outputs disposes it.");
            into.TargetDtypes[i] = TorchElementTypes.Bindable(declared, "input");
            torch.ScalarType actual = into.Dtypes[i] = TensorFacts.Dtype(tensor);
            if (!CastTable.CanCast(actual, declared.ElementType))
            {
                string expected = ElementTypes.OnnxName(declared.ElementType);
                throw new OnnxInputException(declared.Name, expected, TorchElementTypes.TorchName(actual),
                    $"Input '{declared.Name}' has dtype {TorchElementTypes.TorchName(actual)}, but the model expects {expected} " +
                    $"(accepted, cast if needed: {string.Join(", ", CastTable.SourcesFor(declared.ElementType))}).");
            }
            // One native read per size; Tensor.shape builds a new array through a callback (~2 µs).
            TensorFacts.SizesInto(tensor, into.ShapeOfRank(i, TensorFacts.Rank(tensor)));
            DeviceType type = TensorFacts.DeviceType(tensor);
            devices[i] = (type, type == DeviceType.CPU ? 0 : TensorFacts.DeviceIndex(tensor)); // one CPU: its index is not read
        }
        InputChecks.CheckShapes(signature, into.Shapes, batchSplits, allowEmpty);

        // A model without inputs (its outputs are constants) has no input to take a device from: it runs on the CPU.
        BufferDevice device = count == 0 ? BufferDevice.Cpu : TorchDevices.Common(signature.InputNames, devices);
        if (device.IsCuda && !plan.AcceptsCuda)
            throw new OnnxInputException(signature.Inputs[0].Name, "cpu (the session has no GPU execution provider)", device.ToString(),
                $"The inputs are on {device}, but this session has no GPU execution provider: " +
                "move the inputs to the CPU, or create the session with the CUDA or TensorRT provider.");
        if (device.IsCuda) CudaInputs.CheckDevice(signature.Inputs[0].Name, device, plan.CudaDevice);
        into.Device = device;
    }
}
