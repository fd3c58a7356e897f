using System;
using System.IO;

namespace OnnxTyped.Hosting;

/// <summary>Where a hosted model's file is: the configured path, or the copy beside the application.</summary>
internal static class ModelFile
{
    /// <summary>
    /// The full path of <paramref name="configured"/> (absolute; relative to the working directory, else to the
    /// application's directory), or of <paramref name="defaultPath"/> beside the application when none is configured;
    /// <see langword="null"/>, with where it looked, when there is no such file.
    /// </summary>
    public static string? Find(string? configured, string defaultPath, out string lookedAt)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            lookedAt = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, defaultPath));
            return File.Exists(lookedAt) ? lookedAt : null;
        }
        string fromWorkingDirectory = Path.GetFullPath(configured);
        if (File.Exists(fromWorkingDirectory) || Path.IsPathRooted(configured))
        {
            lookedAt = fromWorkingDirectory;
            return File.Exists(fromWorkingDirectory) ? fromWorkingDirectory : null;
        }
        string besideApplication = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured));
        lookedAt = fromWorkingDirectory + "' and '" + besideApplication;
        return File.Exists(besideApplication) ? besideApplication : null;
    }
}
