using System;
using System.Linq;
using System.Reflection;
using TorchSharp;

namespace OnnxTyped.Conformance;

/// <summary>
/// One front-end's run method of a generated class and the tensor properties of what it returns, in declaration (=
/// model) order. A generated class has two: the TorchSharp one (<c>RunTorch</c>, returning <c>TorchOutputs</c> of
/// <c>torch.Tensor</c>s) and the torch-free one (<c>Run</c>, returning <c>Outputs</c> of <c>OnnxTensor&lt;T&gt;</c>s).
/// </summary>
internal sealed class GeneratedRun
{
    private GeneratedRun(MethodInfo method, PropertyInfo[] outputs)
    {
        Method = method;
        Outputs = outputs;
    }

    public MethodInfo Method { get; }

    /// <summary>The result's tensor properties, in model order.</summary>
    public PropertyInfo[] Outputs { get; }

    /// <summary>The number of tensors the method takes.</summary>
    public int InputCount => Method.GetParameters().Length;

    /// <summary>The TorchSharp front-end's run method: <c>RunTorch</c>, returning <c>torch.Tensor</c> properties.</summary>
    /// <exception cref="MissingMethodException">The class has none.</exception>
    public static GeneratedRun Torch(Type generated) =>
        Find(generated, "RunTorch", p => p.PropertyType == typeof(torch.Tensor), "RunTorch returning torch.Tensor outputs");

    /// <summary>
    /// The torch-free front-end's run method: <c>Run</c>, returning <c>Outputs</c>, whose properties are the outputs (tensors,
    /// string tensors, sequences, optionals or maps).
    /// </summary>
    /// <exception cref="MissingMethodException">The class has none.</exception>
    public static GeneratedRun TorchFree(Type generated) =>
        Find(generated, "Run", p => p.DeclaringType?.Name == "Outputs", "Run returning Outputs");

    private static GeneratedRun Find(Type generated, string name, Func<PropertyInfo, bool> isOutput, string what)
    {
        var found = generated.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == name)
            .Select(m => new GeneratedRun(m, m.ReturnType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(isOutput)
                .OrderBy(p => p.MetadataToken)
                .ToArray()))
            .Where(r => r.Outputs.Length > 0)
            .ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new MissingMethodException($"{generated.FullName} has no {what}"),
            _ => throw new AmbiguousMatchException($"{generated.FullName} has {found.Count} methods that could be its {what}: " +
                                                   string.Join(", ", found.Select(r => r.Method.ToString()))),
        };
    }
}
