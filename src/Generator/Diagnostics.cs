using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OnnxTyped.Generator;

/// <summary>
/// Every diagnostic the generator reports. Each names the model file and says what to do; the
/// ids are listed in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class Diagnostics
{
    private const string Category = "OnnxTyped";
    // The help page lives beside this file (DIAGNOSTICS.md); the base is where the repository is published.
    private const string HelpBase = "https://github.com/OnnxTyped/OnnxTyped/blob/main/src/Generator/DIAGNOSTICS.md#";

    public static readonly DiagnosticDescriptor ModelUnreadable = Error(
        "OTG001",
        "ONNX model file cannot be read",
        "The ONNX model '{0}' could not be read: {1}. Check the Include path of its OnnxModel item (relative to the project file).",
        "The file named by an OnnxModel item must exist and be readable when the project is compiled. Check the Include path of the OnnxModel item.");

    public static readonly DiagnosticDescriptor ModelMalformed = Error(
        "OTG002",
        "ONNX model file is not a valid ONNX protobuf",
        "The ONNX model '{0}' is not a valid ONNX model file: {1}",
        "An OnnxModel item must be a binary ONNX ModelProto (the .onnx file an exporter writes). The file is truncated (an interrupted download), corrupt, or another format (for example ONNX text format, an external-data file or a PyTorch checkpoint).");

    public static readonly DiagnosticDescriptor UnsupportedValueType = Error(
        "OTG003",
        "ONNX model input or output is a value the runtime cannot bind",
        "The {1} '{2}' of the ONNX model '{0}' is {3}; a generated class binds tensors, sequences of tensors, optional tensors and optional sequences of tensors, maps from int64 or string keys to int64, float, double or string values, and sequences of maps to float values",
        "OnnxTyped binds each input and output through ONNX Runtime's IO binding as one value ONNX Runtime's C# API can create and read: a tensor (OnnxTensor<T>, OnnxStringTensor, or a torch.Tensor with the TorchSharp front-end), a sequence of tensors, an optional tensor or sequence of tensors, a map from int64 or string keys to int64, float, double or string values, or a sequence of maps to float values (scikit-learn's ZipMap). Nested sequences, optionals of maps and sparse tensors are not: export the model with one of these (for example stack a sequence of sequences into one tensor).");

    public static readonly DiagnosticDescriptor UnsupportedElementType = Error(
        "OTG004",
        "ONNX model tensor has an element type the runtime cannot bind",
        "The {1} '{2}' of the ONNX model '{0}' has element type {3}, which has no .NET element type or TorchSharp dtype. Export the model with float32, float64, float16, bfloat16, int8/16/32/64, uint8/16/32/64, bool or string (for example complex numbers as a trailing dimension of 2).",
        "Supported element types are float32, float64, float16, bfloat16, int8, int16, int32, int64, uint8, uint16, uint32, uint64 and bool: OnnxTensor<T> of float, double, Half, BFloat16, sbyte, short, int, long, byte, ushort, uint, ulong and bool (TorchSharp carries uint16/uint32/uint64 in int16/int32/int64 tensors with the same bits), and string as OnnxStringTensor. float8 and int4/uint4 have .NET types but ONNX Runtime's C# API cannot open such models (OTG020). Export the model with a supported type (for example complex numbers as a trailing dimension of 2).");

    public static readonly DiagnosticDescriptor InvalidClassName = Error(
        "OTG005",
        "ClassName of an OnnxModel item cannot be used",
        "The class name '{1}' for the ONNX model '{0}' cannot be used: {2}. Set the ClassName metadata of its OnnxModel item to another C# identifier, such as 'VoiceDetector'.",
        "Set the ClassName metadata of the OnnxModel item to a C# identifier such as 'VoiceDetector' (letters, digits and underscores, not starting with a digit, not a keyword), and not the name of a member of the generated class (Run, RunInto, RunTorch, Load, Session, Signature, Outputs, TorchOutputs, Device, TorchDevice...). Without ClassName the file name is used.");

    public static readonly DiagnosticDescriptor InvalidNamespace = Error(
        "OTG006",
        "Namespace of an OnnxModel item is not a valid C# namespace",
        "The Namespace '{1}' of the ONNX model '{0}' is not a valid C# namespace name",
        "Set the Namespace metadata of the OnnxModel item to a dotted C# name such as 'MyApp.Models'.");

    public static readonly DiagnosticDescriptor DuplicateClassName = Error(
        "OTG007",
        "Two ONNX models generate the same class",
        "The ONNX models '{0}' and '{1}' would both generate the class '{2}'; '{0}' is skipped. Give one of the two OnnxModel items another ClassName or Namespace.",
        "Give one of the OnnxModel items a different ClassName or Namespace metadata.");

    public static readonly DiagnosticDescriptor ModelHasNoGraph = Error(
        "OTG008",
        "ONNX model has no graph",
        "The ONNX model '{0}' has no graph, so it has nothing to run",
        "An OnnxModel item must be a complete model with a graph; check that the file is the model and not, for example, an external-data file.");

    public static readonly DiagnosticDescriptor ModelHasNoOutputs = Error(
        "OTG009",
        "ONNX model declares no outputs",
        "The graph of the ONNX model '{0}' declares no outputs, so Run would return nothing",
        "Export the model with at least one graph output.");

    public static readonly DiagnosticDescriptor AllInputsAreInitializers = Warning(
        "OTG010",
        "Every input of the ONNX model is an initializer",
        "Every input of the ONNX model '{0}' ({1}) is also an initializer, so Run takes no parameters",
        "Inputs that are also initializers have default values inside the model and are not Run parameters. If the model should take an input, export it without an initializer of the same name.");

    public static readonly DiagnosticDescriptor ModelFileEmpty = Error(
        "OTG011",
        "ONNX model file is empty",
        "The ONNX model '{0}' is an empty file (0 bytes)",
        "An empty file is what an interrupted download or copy, or a placeholder, leaves behind. Fetch or export the model again; if the file is kept with Git LFS, run 'git lfs pull'.");

    public static readonly DiagnosticDescriptor ModelIsGitLfsPointer = Error(
        "OTG012",
        "ONNX model file is a Git LFS pointer",
        "The ONNX model '{0}' is a Git LFS pointer{1}, not the model itself: run 'git lfs pull' in its repository to fetch it",
        "Git checks out a small text pointer in place of a file stored with Git LFS when Git LFS is not installed or did not fetch it. Install Git LFS ('git lfs install'), then run 'git lfs pull'; on CI, enable LFS in the checkout step.");

    public static readonly DiagnosticDescriptor TargetPathCollision = Error(
        "OTG013",
        "Two ONNX models are copied to the same output path",
        "The ONNX models '{1}' and '{0}' are both copied to '{2}' under the output folder, so one overwrites the other and Load() of either runs the same weights; give one of the OnnxModel items its own Link (for example Link=\"{3}\")",
        "A model outside the project folder is copied under its file name alone, so two such models with the same file name land on the same path and Load() of one silently runs the other. Set Link (the path under the output folder) on one of the OnnxModel items. Paths are compared ignoring case, as Windows and macOS file systems do.");

    public static readonly DiagnosticDescriptor ItemMetadataUnreadable = Error(
        "OTG014",
        "OnnxModel item metadata cannot be read",
        "The {1} metadata of the OnnxModel item for '{0}' cannot be read: {2}",
        "OnnxTyped.targets passes each OnnxModel item's ClassName, Namespace and Link to the generator encoded, so no character is lost on the way. A value MSBuild cannot encode (one holding a quote) stops the model: remove the quote.");

    public static readonly DiagnosticDescriptor TooManyTensors = Error(
        "OTG015",
        "ONNX model has too many inputs or outputs for a class",
        "The ONNX model '{0}' has {1} {2}; a generated class takes at most {3}",
        "A generated class has one Run parameter per input and one property per output. Exported models have at most a few hundred (a large language model with its key/value cache); a file with thousands is most likely corrupt. Run such a model through ONNX Runtime's InferenceSession directly.");

    public static readonly DiagnosticDescriptor RankTooLarge = Error(
        "OTG016",
        "ONNX model declares a tensor of too many dimensions",
        "The ONNX model '{0}' declares {3} dimensions for its {1} '{2}'; a generated class takes at most {4}",
        "Each dimension becomes part of the generated docs, signature and shape checks. Exported models use a handful (NumPy allows 64); a declared rank in the thousands is most likely a corrupt file, and would cost seconds of build time and megabytes of source. Run such a model through ONNX Runtime's InferenceSession directly.");

    public static readonly DiagnosticDescriptor NoBatchAxis = Error(
        "OTG017",
        "OnnxModel item asks for a batch axis the ONNX model does not have",
        "The OnnxModel item for '{0}' (class {1}) cannot be micro-batched: {2}. A batch axis is a symbolic dimension every output and at least one input declare, once each.",
        "Micro-batching joins concurrent calls along the model's batch axis: a named symbolic dimension that at least one input declares, every output declares exactly once, and no input declares twice. An item's BatchDim metadata must name such a dimension; MicroBatching=\"true\" asks the build to check that the model has exactly one (or that BatchDim names one). Remove the metadata, name one of the candidates, or export the model with a symbolic batch dimension.");

    public static readonly DiagnosticDescriptor SharedWithOnnxify = Warning(
        "OTG018",
        "OnnxTyped and Onnxify.ModelGenerator both generate a class from one ONNX model",
        "Both OnnxTyped and Onnxify.ModelGenerator generate a class from the ONNX model '{0}': Onnxify reads OnnxModel items too. For OnnxTyped alone, write the item as <OnnxTypedModel Include=\"...\" /> and set <OnnxTypedReadsOnnxModelItems>false</OnnxTypedReadsOnnxModelItems>, which leaves OnnxModel items to Onnxify; or remove one of the two packages.",
        "Onnxify.ModelGenerator, another generator of typed ONNX classes, reads the same OnnxModel items as OnnxTyped, so a project that references both gets two classes for each model. OnnxTyped also reads <OnnxTypedModel> items, a name no other package uses: list OnnxTyped's models that way and set the property OnnxTypedReadsOnnxModelItems to false, so that OnnxModel items are Onnxify's alone. Or remove the package you do not use.");

    public static readonly DiagnosticDescriptor NoTorchFrontEnd = new(
        "OTG019",
        "TorchSharp cannot hold a value of the ONNX model: the class has the typed front-end only",
        "The {1} '{2}' of the ONNX model '{0}' is {3}, which no TorchSharp tensor holds: the class {4} has no RunTorch. Call its Run, the typed front-end, which takes and returns {5}.",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
        "TorchSharp has no string, float8 or int4 dtype, and no sequence, optional or map. A model with such an input or output gets the typed front-end only, even in a project that references OnnxTyped.TorchSharp: Run with OnnxTensor<T>, OnnxStringTensor, lists, nullable values and dictionaries. Convert torch tensors to OnnxTensor<T> where the model needs it (for example with OnnxTensor<T>.FromArray over tensor.data<T>().ToArray()).",
        HelpBase + "otg019");

    public static readonly DiagnosticDescriptor SessionCannotOpen = Error(
        "OTG020",
        "ONNX Runtime's C# API cannot open a model with a float8 or int4 input or output",
        "The {1} '{2}' of the ONNX model '{0}' is {3}: OnnxTyped holds it as {4}, but ONNX Runtime's C# API cannot open a session whose inputs or outputs are float8 or int4/uint4 (it throws 'Unregistered TensorElementType'). Keep these types inside the model, with float32 or float16 inputs and outputs (Cast, or QuantizeLinear/DequantizeLinear, at the boundary).",
        "ONNX Runtime's native library runs float8 and int4/uint4, and OnnxTyped has .NET element types for them (Float8E4M3FN, Float8E4M3FNUZ, Float8E5M2, Float8E5M2FNUZ, Int4x2, UInt4x2), but ONNX Runtime's C# API (1.31 and 1.32) reads the element type of every input and output when it opens a session and knows none past bfloat16, and creates no tensor of these types. A class for such a model could only throw when opened, so the build stops instead. Cast at the model's boundary; the .NET types still convert and pack the values.");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new[]
    {
        ModelUnreadable, ModelMalformed, UnsupportedValueType, UnsupportedElementType, InvalidClassName,
        InvalidNamespace, DuplicateClassName, ModelHasNoGraph, ModelHasNoOutputs, AllInputsAreInitializers,
        ModelFileEmpty, ModelIsGitLfsPointer, TargetPathCollision, ItemMetadataUnreadable, TooManyTensors,
        RankTooLarge, NoBatchAxis, SharedWithOnnxify, NoTorchFrontEnd, SessionCannotOpen,
    }.ToDictionary(d => d.Id);

    /// <summary>The descriptor with id <paramref name="id"/> (ids travel through the pipeline as strings).</summary>
    public static DiagnosticDescriptor ById(string id) => All[id];

    /// <summary>Every descriptor, for tests.</summary>
    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpBase + id.ToLowerInvariant());

    private static DiagnosticDescriptor Warning(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpBase + id.ToLowerInvariant());
}
