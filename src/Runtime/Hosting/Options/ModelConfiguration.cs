using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OnnxTyped.Hosting;

/// <summary>
/// Reads a configuration section into <see cref="OnnxModelOptions"/> by hand, key by key: no reflection (NativeAOT and
/// trimming keep working), and every key no option has, or value of the wrong kind, is collected with its path so that
/// validation at start reports them all (a typo is an error, not a silently ignored setting).
/// </summary>
internal static class ModelConfiguration
{
    private static readonly string[] ModelKeys =
        { "ModelPath", "Device", "Fallback", "Providers", "ProviderOptions", "MicroBatching", "WarmUp", "WarmUpDims" };

    private static readonly string[] MicroBatchingKeys =
        { "Enabled", "MaxBatchSize", "MaxWait", "MaxQueueLength", "WhenQueueFull", "BatchDim", "MaxConcurrentBatches", "AlwaysWaitsMaxWait" };

    public static void Read(IConfiguration section, OnnxModelOptions options)
    {
        var errors = options.ConfigurationErrors;
        foreach (IConfigurationSection child in section.GetChildren())
        {
            switch (child.Key)
            {
                case "ModelPath": options.ModelPath = child.Value; break;
                case "Device": if (child.Value is string device) options.Device = device; break;
                case "Fallback": ReadEnum(child, errors, (DeviceFallback f) => options.Fallback = f); break;
                case "Providers":
                    options.Providers.Clear();
                    foreach (IConfigurationSection provider in child.GetChildren())
                        if (!string.IsNullOrWhiteSpace(provider.Value)) options.Providers.Add(provider.Value!);
                    break;
                case "ProviderOptions":
                    foreach (IConfigurationSection provider in child.GetChildren())
                    {
                        var values = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (IConfigurationSection value in provider.GetChildren()) values[value.Key] = value.Value ?? "";
                        options.ProviderOptions[provider.Key] = values;
                    }
                    break;
                case "MicroBatching": options.MicroBatching = ReadMicroBatching(child, errors); break;
                case "WarmUp": ReadBool(child, errors, b => options.WarmUp = b); break;
                case "WarmUpDims":
                    foreach (IConfigurationSection dim in child.GetChildren())
                        ReadLong(dim, errors, n => options.WarmUpDims[dim.Key] = n);
                    break;
                default: errors.Add(Unknown(child, ModelKeys)); break;
            }
        }
    }

    // A MicroBatching section turns micro-batching on, with the defaults for what it leaves out, unless Enabled is false.
    private static MicroBatchOptions? ReadMicroBatching(IConfigurationSection section, List<string> errors)
    {
        var options = new MicroBatchOptions();
        bool enabled = true;
        foreach (IConfigurationSection child in section.GetChildren())
        {
            switch (child.Key)
            {
                case "Enabled": ReadBool(child, errors, b => enabled = b); break;
                case "MaxBatchSize": ReadInt(child, errors, n => options.MaxBatchSize = n); break;
                case "MaxWait": ReadTimeSpan(child, errors, t => options.MaxWait = t); break;
                case "MaxQueueLength": ReadInt(child, errors, n => options.MaxQueueLength = n); break;
                case "WhenQueueFull": ReadEnum(child, errors, (QueueFullMode m) => options.WhenQueueFull = m); break;
                case "BatchDim": options.BatchDim = string.IsNullOrWhiteSpace(child.Value) ? null : child.Value; break;
                case "MaxConcurrentBatches": ReadInt(child, errors, n => options.MaxConcurrentBatches = n); break;
                case "AlwaysWaitsMaxWait": ReadBool(child, errors, b => options.AlwaysWaitsMaxWait = b); break;
                default: errors.Add(Unknown(child, MicroBatchingKeys)); break;
            }
        }
        return enabled ? options : null;
    }

    private static void ReadBool(IConfigurationSection key, List<string> errors, Action<bool> set)
    {
        if (bool.TryParse(key.Value, out bool value)) set(value);
        else errors.Add(Wrong(key, "true or false"));
    }

    private static void ReadInt(IConfigurationSection key, List<string> errors, Action<int> set)
    {
        if (int.TryParse(key.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) set(value);
        else errors.Add(Wrong(key, "an integer"));
    }

    private static void ReadLong(IConfigurationSection key, List<string> errors, Action<long> set)
    {
        if (long.TryParse(key.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) set(value);
        else errors.Add(Wrong(key, "an integer"));
    }

    // "00:00:00.002" as .NET writes a TimeSpan, or a number of milliseconds ("2", "0.5").
    private static void ReadTimeSpan(IConfigurationSection key, List<string> errors, Action<TimeSpan> set)
    {
        if (double.TryParse(key.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && double.IsFinite(milliseconds))
            set(TimeSpan.FromMilliseconds(milliseconds));
        else if (TimeSpan.TryParse(key.Value, CultureInfo.InvariantCulture, out TimeSpan value)) set(value);
        else errors.Add(Wrong(key, "a duration: milliseconds (2) or hh:mm:ss.fff (00:00:00.002)"));
    }

    private static void ReadEnum<TEnum>(IConfigurationSection key, List<string> errors, Action<TEnum> set) where TEnum : struct, Enum
    {
        // Names only: a number would pass Enum.TryParse whatever value it is.
        if (key.Value is string text && !char.IsDigit(text.Trim().FirstOrDefault()) && Enum.TryParse(text, ignoreCase: true, out TEnum value) && Enum.IsDefined(value))
            set(value);
        else errors.Add(Wrong(key, "one of " + string.Join(", ", Enum.GetNames<TEnum>())));
    }

    private static string Wrong(IConfigurationSection key, string expected) =>
        $"'{key.Path}' is '{key.Value}'; it must be {expected}.";

    private static string Unknown(IConfigurationSection key, string[] known) =>
        $"'{key.Path}' is not a setting; the settings here are {string.Join(", ", known)}.";

    private static char FirstOrDefault(this string text) => text.Length > 0 ? text[0] : '\0';
}
