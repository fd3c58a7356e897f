using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// What differs between the two front-ends a generated class can have, so one emitter writes <c>Run</c> (or
/// <c>RunTorch</c>), <c>RunInto</c> and the outputs class for both: the typed front-end (<c>OnnxTensor&lt;T&gt;</c> over
/// <c>ModelSession</c>, always there) and the TorchSharp one (<c>torch.Tensor</c> over <c>BoundSession</c>,
/// only when the project references it).
/// </summary>
internal sealed class FrontEnd
{
    /// <summary>The typed front-end: one <c>OnnxTensor&lt;T&gt;</c> per tensor, <c>T</c> the element type's .NET type.</summary>
    public static readonly FrontEnd Typed = new(isTorch: false, field: "_session", outputsClass: "Outputs", tensorBase: KnownTypes.OnnxTensor,
        inputScratch: "_inputScratch", outputScratch: "_outputScratch");

    /// <summary>The TorchSharp front-end: one <c>torch.Tensor</c> per tensor, whatever its dtype.</summary>
    public static readonly FrontEnd Torch = new(isTorch: true, field: "_torch", outputsClass: "TorchOutputs", tensorBase: KnownTypes.TorchTensor,
        inputScratch: "_torchInputScratch", outputScratch: "_torchOutputScratch");

    private FrontEnd(bool isTorch, string field, string outputsClass, string tensorBase, string inputScratch, string outputScratch)
    {
        IsTorch = isTorch;
        Field = field;
        OutputsClass = outputsClass;
        TensorBase = tensorBase;
        InputScratch = inputScratch;
        OutputScratch = outputScratch;
    }

    public bool IsTorch { get; }

    /// <summary>The docs line of every call of this front-end for a bad input.</summary>
    public string InputExceptionDoc => IsTorch
        ? "/// <exception cref=\"global::OnnxTyped.OnnxInputException\">An input is missing, has a dtype the cast table refuses, or a wrong shape or device.</exception>"
        : "/// <exception cref=\"global::OnnxTyped.OnnxInputException\">An input is null, disposed, or has a wrong shape.</exception>";

    /// <summary>The docs lines of a call writing into the caller's outputs, for a bad input or output.</summary>
    public string IntoExceptionDocs => InputExceptionDoc + "\n" + (IsTorch
        ? "/// <exception cref=\"global::System.ArgumentException\">An output tensor has the wrong dtype, device, layout or shape.</exception>"
        : "/// <exception cref=\"global::System.ArgumentException\">An output tensor is null, disposed, not in host memory, or has the wrong shape.</exception>");

    /// <summary>The field of the generated class that runs this front-end's calls.</summary>
    public string Field { get; }

    /// <summary>The nested class this front-end's <c>Run</c> or <c>RunTorch</c> returns.</summary>
    public string OutputsClass { get; }

    /// <summary>The element type of the arrays the runtime takes and returns.</summary>
    public string TensorBase { get; }

    /// <summary>The per-thread argument arrays of this front-end's <c>Run</c> or <c>RunTorch</c>, and its <c>RunInto</c>.</summary>
    public string InputScratch { get; }

    public string OutputScratch { get; }

    /// <summary>
    /// <c>Run</c> for the typed front-end, <c>RunTorch</c> for the torch one, for every model: one name per front-end, so a
    /// model without inputs (where both would be <c>Run()</c>) needs no exception and a call says which front-end it uses.
    /// <c>RunInto</c> keeps one name for both: its overloads always differ by their parameter types.
    /// </summary>
    public string RunName => IsTorch ? "RunTorch" : "Run";

    /// <summary>The parameter or property type of <paramref name="tensor"/>: <c>OnnxTensor&lt;float&gt;</c>, or <c>torch.Tensor</c>.</summary>
    public string TensorType(TensorSpec tensor) =>
        IsTorch ? KnownTypes.TorchTensor : TypeNames.Input(tensor);

    /// <summary>The dtype and shape as this front-end's docs show them (the torch one names the carrier of an unsigned type).</summary>
    public string TypeText(TensorSpec tensor) => IsTorch ? DocComments.TorchTypeText(tensor) : DocComments.TypeText(tensor);

    /// <summary>
    /// This front-end's <c>Run</c> or <c>RunTorch</c> in a doc comment: a <c>see</c> whose <c>cref</c> lists the parameter
    /// types, so it stays unambiguous if the partial class adds an overload; past <see cref="MaxCrefParameters"/> inputs,
    /// the name in code font, as for a model whose <c>Run</c> takes values other than tensors (nullable and generic
    /// parameters a cref cannot always spell).
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="qualified">
    /// Whether the cref names the class from <c>global::</c>: needed in the outputs classes, whose properties (an output
    /// called <c>run</c>, or named like the class) would hide the method.
    /// </param>
    public string SeeRun(ModelSpec spec, bool qualified = false) => spec.Inputs.Count <= MaxCrefParameters && spec.BindsByAddress
        ? "<see cref=\"" + (qualified ? "global::" + spec.FullClassName + "." : "") + RunName + "(" + string.Join(", ", spec.Inputs.Select(i => TensorType(i).Replace('<', '{').Replace('>', '}'))) + ")\"/>"
        : "<c>" + RunName + "</c>";

    // A cref repeats every parameter type, and the docs mention Run several times: for 1,000 inputs that would be
    // hundreds of kilobytes of doc comments.
    private const int MaxCrefParameters = 16;
}
