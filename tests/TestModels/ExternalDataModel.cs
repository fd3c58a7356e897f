using System;
using System.IO;
using Google.Protobuf;
using Onnx;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.TestModels;

/// <summary>
/// A model whose weights live outside the <c>.onnx</c> file, as large exported models keep them: y = x + w for
/// x float32 [batch, 3], with the initializer w marked <c>data_location = EXTERNAL</c> and its bytes in another file.
/// </summary>
public static class ExternalDataModel
{
    /// <summary>The weights the external file holds, in order.</summary>
    public static readonly float[] Weights = { 0.5f, -1.25f, 3f };

    /// <summary>
    /// Writes <paramref name="modelFileName"/> into <paramref name="folder"/> and its weights at
    /// <paramref name="dataLocation"/> (relative to the folder, as the model's <c>location</c> entry says;
    /// subfolders are created); returns the model's path.
    /// </summary>
    public static string Write(string folder, string modelFileName, string dataLocation)
    {
        byte[] data = new byte[Weights.Length * sizeof(float)];
        Buffer.BlockCopy(Weights, 0, data, 0, data.Length);
        string dataPath = Path.Combine(folder, dataLocation);
        Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
        File.WriteAllBytes(dataPath, data);

        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        weights.Dims.Add(Weights.Length);
        weights.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataLocation });
        weights.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
        weights.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        ModelProto model = Model(
            new[] { Tensor("x", 1, "batch", 3) },
            new[] { Tensor("y", 1, "batch", 3) },
            new[] { Node("Add", new[] { "x", "w" }, new[] { "y" }) },
            new[] { weights });
        string modelPath = Path.Combine(folder, modelFileName);
        File.WriteAllBytes(modelPath, model.ToByteArray());
        return modelPath;
    }
}
