using System;
using System.IO;
using SkiaSharp;

namespace OnnxTyped.Samples;

/// <summary>
/// The fonts the samples draw with: the DejaVu Sans files of <c>samples/fonts/</c>, which the build copies to
/// <c>fonts/</c> beside the executable.
/// </summary>
/// <remarks>
/// SkiaSharp's <c>NativeAssets.Linux.NoDependencies</c> has no fontconfig, so it finds no system font and the default
/// typeface draws nothing. Loading a file the repository ships makes text look the same on every machine.
/// </remarks>
internal static class SampleFonts
{
    /// <summary>The family name the files declare, the one ScottPlot is told to use.</summary>
    public const string FamilyName = "DejaVu Sans";

    private static SKTypeface? _regular;
    private static SKTypeface? _bold;

    /// <summary>DejaVu Sans; loaded on first use, kept for the life of the process.</summary>
    /// <exception cref="FileNotFoundException">The font was not copied beside the executable.</exception>
    public static SKTypeface Regular => _regular ??= Load(RegularPath);

    /// <summary>DejaVu Sans Bold; loaded on first use, kept for the life of the process.</summary>
    /// <exception cref="FileNotFoundException">The font was not copied beside the executable.</exception>
    public static SKTypeface Bold => _bold ??= Load(BoldPath);

    /// <summary>The path of DejaVu Sans beside the executable, checked to exist.</summary>
    public static string RegularPath => PathBesideApplication("DejaVuSans.ttf");

    /// <summary>The path of DejaVu Sans Bold beside the executable, checked to exist.</summary>
    public static string BoldPath => PathBesideApplication("DejaVuSans-Bold.ttf");

    private static string PathBesideApplication(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fonts", fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The font '{fileName}' is missing at {path}. The build copies it there from samples/fonts/ of the " +
                "repository: restore that folder and build the sample again.", path);
        return path;
    }

    private static SKTypeface Load(string path) =>
        SKTypeface.FromFile(path) ?? throw new FileNotFoundException($"SkiaSharp could not read the font file {path}.", path);
}
