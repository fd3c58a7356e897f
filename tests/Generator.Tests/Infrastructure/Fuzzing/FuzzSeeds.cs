using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OnnxTyped.TestModels;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// The seeds: the repository's real models (models/, copied beside the tests) and the ONNX backend test
/// models of Debian's libonnx-testdata (1,072 small models of every operator; eng/test.sh installs the package).
/// </summary>
internal static class FuzzSeeds
{
    public const string BackendTestData = "/usr/share/libonnx-testdata/data";

    private static readonly Lazy<IReadOnlyList<FuzzSeed>> LazyReal = new(() =>
        new[] { RepoModels.SileroVad, RepoModels.PpOcrDet }.Select(path => new FuzzSeed("models/" + Path.GetFileName(path), File.ReadAllBytes(path))).ToArray());

    private static readonly Lazy<IReadOnlyList<FuzzSeed>> LazyBackend = new(() =>
        Directory.Exists(BackendTestData)
            ? Directory.GetFiles(BackendTestData, "model.onnx", SearchOption.AllDirectories)
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => new FuzzSeed(Path.GetRelativePath(BackendTestData, path), File.ReadAllBytes(path)))
                .ToArray()
            : Array.Empty<FuzzSeed>());

    public static IReadOnlyList<FuzzSeed> Real => LazyReal.Value;

    public static IReadOnlyList<FuzzSeed> Backend => LazyBackend.Value;
}
