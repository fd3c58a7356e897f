using System;
using System.IO;
using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// Model files for the generator, which reads a model from its path: each written to a fresh folder of
/// its own under a temporary folder of this test process, so any file name can be used twice.
/// </summary>
internal static class ModelFiles
{
    private static readonly string Folder = CreateFolder();

    /// <summary>Writes <paramref name="model"/> to a fresh file called <paramref name="fileName"/> and returns its path.</summary>
    public static string Write(ModelProto model, string fileName) => WriteBytes(model.ToByteArray(), fileName);

    /// <summary>Writes <paramref name="bytes"/> (a model or not) to a fresh file called <paramref name="fileName"/> and returns its path.</summary>
    public static string WriteBytes(byte[] bytes, string fileName)
    {
        string folder = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string CreateFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-generator-tests", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
