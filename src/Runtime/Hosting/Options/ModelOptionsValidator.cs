using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Hosting;

/// <summary>
/// Validates one registration's <see cref="OnnxModelOptions"/> when the host starts (<c>ValidateOnStart</c>): the file
/// exists, the device and providers are ones this ONNX Runtime knows, the micro-batching settings are in range and the
/// model has the batch axis they need. Every problem is reported at once, each naming the registration.
/// </summary>
internal sealed class ModelOptionsValidator<TModel> : IValidateOptions<OnnxModelOptions> where TModel : class, IOnnxModel<TModel>
{
    private readonly string _name;

    public ModelOptionsValidator(string name) => _name = name;

    public ValidateOptionsResult Validate(string? name, OnnxModelOptions options)
    {
        if (!string.Equals(name, _name, StringComparison.Ordinal)) return ValidateOptionsResult.Skip;
        var errors = new List<string>();
        foreach (string error in options.ConfigurationErrors) errors.Add(error);

        if (ModelFile.Find(options.ModelPath, TModel.DefaultModelPath, out string lookedAt) is null)
            errors.Add($"the model file does not exist (looked for '{lookedAt}').");
        if (!DeviceName.TryParse(options.Device, out _))
            errors.Add($"Device is '{options.Device}'; it must be cpu, cuda or cuda:N.");
        foreach (string provider in options.Providers)
            if (ProviderCatalog.Find(provider, () => OrtEnv.Instance().GetAvailableProviders()) is null)
                errors.Add($"'{provider}' is not an execution provider ONNX Runtime knows; known: {string.Join(", ", KnownProviders())}.");
        if (options.MicroBatching is MicroBatchOptions batching)
        {
            try
            {
                batching.Validate();
                BatchAxes.Find(TModel.Signature, batching.BatchDim ?? TModel.ItemBatchDim, _name);
            }
            catch (ArgumentException e)
            {
                errors.Add("MicroBatching: " + e.Message);
            }
        }
        foreach (KeyValuePair<string, long> dim in options.WarmUpDims)
            if (dim.Value < 1) errors.Add($"WarmUpDims:{dim.Key} is {dim.Value}; a dimension of the warm-up is at least 1.");

        if (errors.Count == 0) return ValidateOptionsResult.Success;
        for (int i = 0; i < errors.Count; i++) errors[i] = $"OnnxModel '{_name}': {errors[i]}";
        return ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> KnownProviders()
    {
        foreach (ProviderInfo provider in ProviderCatalog.All) yield return provider.Name;
    }
}
