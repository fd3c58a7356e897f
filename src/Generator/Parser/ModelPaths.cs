using System;

namespace OnnxTyped.Generator.Parser;

/// <summary>The parts of a model's path that diagnostics and the generated docs show.</summary>
internal static class ModelPaths
{
    /// <summary>The file name of <paramref name="path"/>, split at either separator (a path may come from Windows or Unix).</summary>
    public static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}
