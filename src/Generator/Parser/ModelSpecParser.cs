using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using OnnxTyped.Generator.Reader;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// The parser: reads an ONNX file's bytes (through <see cref="ModelProtoReader"/>), checks the model
/// and the item options, chooses every C# name and builds the <see cref="ModelSpec"/>, or the
/// diagnostics that stop it. No file access (the caller opens the stream), and it never throws
/// except for cancellation.
/// </summary>
internal static class ModelSpecParser
{
    /// <summary>
    /// The most inputs (not counting initializers) and the most outputs a generated class takes. Exported
    /// models stay far below (a large language model with its cache has a few hundred); a file declaring
    /// tens of thousands would make megabytes of source and a Run nobody can call.
    /// </summary>
    public const int MaxTensors = 1000;

    /// <summary>
    /// The most dimensions an input or output may declare (NumPy's limit). Exported models use a handful; a file
    /// declaring thousands, repeated over many outputs, would cost seconds of generator time and megabytes of source.
    /// </summary>
    public const int MaxRank = 64;

    /// <summary>
    /// Reads the model in <paramref name="stream"/> once and builds one spec per item that lists it
    /// (in item order), or gives the diagnostic that stops the file: reported once, with the first item.
    /// </summary>
    public static EquatableArray<Result<ModelSpec>> Parse(Stream stream, EquatableArray<ModelFileOptions> items, CancellationToken cancellationToken)
    {
        DiagnosticInfo? failure = Read(stream, items[0].Path, cancellationToken, out ModelProto? model);
        var results = new List<Result<ModelSpec>>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (failure is null) results.Add(Build(model!, items[i]));
            else results.Add(new Result<ModelSpec>(null, i == 0 ? new EquatableArray<DiagnosticInfo>(new[] { failure }) : default));
        }
        return results.ToEquatableArray();
    }

    /// <summary>Reads and builds the spec of a model file listed by one item.</summary>
    public static Result<ModelSpec> Parse(Stream stream, ModelFileOptions options, CancellationToken cancellationToken) =>
        Parse(stream, new EquatableArray<ModelFileOptions>(new[] { options }), cancellationToken)[0];

    /// <summary>
    /// Reads the model, or returns the diagnostic that says why it cannot be: empty, a Git LFS pointer,
    /// unreadable, or not a valid ONNX protobuf.
    /// </summary>
    private static DiagnosticInfo? Read(Stream stream, string path, CancellationToken cancellationToken, out ModelProto? model)
    {
        model = null;
        string file = ModelPaths.FileName(path);
        try
        {
            // Both would otherwise read as something misleading: an empty file as a model "with no graph",
            // a pointer as "invalid wire type 6".
            if (stream.Length == 0) return DiagnosticInfo.Create(Diagnostics.ModelFileEmpty, path, file);
            if (GitLfsPointer.TryRead(stream, out long size))
                return DiagnosticInfo.Create(Diagnostics.ModelIsGitLfsPointer, path, file,
                    size >= 0 ? " to a file of " + size.ToString(CultureInfo.InvariantCulture) + " bytes" : "");
            model = ModelProtoReader.Read(stream, cancellationToken);
            return null;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (MalformedModelException e)
        {
            return DiagnosticInfo.Create(Diagnostics.ModelMalformed, path, file, e.Message);
        }
        catch (IOException e)
        {
            return DiagnosticInfo.Create(Diagnostics.ModelUnreadable, path, path, e.Message.TrimEnd('.'));
        }
        catch (Exception e)
        {
            // The fuzz tests hold the reader to throwing only MalformedModelException; should anything else
            // escape, the compiler still gets a diagnostic rather than a generator crash, and it says so.
            return DiagnosticInfo.Create(Diagnostics.ModelMalformed, path, file, "the reader failed unexpectedly (" + e.GetType().Name + ": " + e.Message + "); please report this file");
        }
    }

    /// <summary>Checks the parsed model and the options and chooses every C# name.</summary>
    internal static Result<ModelSpec> Build(ModelProto model, ModelFileOptions options)
    {
        string file = ModelPaths.FileName(options.Path);
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, params string[] args) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, options.Path, new[] { file }.Concat(args).ToArray()));

        string className = options.ClassName.Length > 0
            ? options.ClassName
            : CSharpNames.Pascal(Path.GetFileNameWithoutExtension(options.Path), "Model");
        if (className.Length > CSharpNames.MaxIdentifierLength)
            Report(Diagnostics.InvalidClassName, className, $"it is longer than the {CSharpNames.MaxIdentifierLength} characters C# allows");
        else if (!CSharpNames.IsValidTypeName(className))
            Report(Diagnostics.InvalidClassName, className, "it is not a C# identifier");
        else if (GeneratedMemberNames.IsFixedClassMember(className))
            Report(Diagnostics.InvalidClassName, className, "the generated class has a member of that name");

        string ns = options.Namespace.Length > 0 ? options.Namespace : CSharpNames.SanitizeNamespace(options.RootNamespace);
        if (ns.Length > 0 && !CSharpNames.IsValidNamespace(ns)) Report(Diagnostics.InvalidNamespace, ns);

        GraphProto? graph = model.Graph;
        if (graph is null)
        {
            Report(Diagnostics.ModelHasNoGraph);
            return new Result<ModelSpec>(null, diagnostics.ToEquatableArray());
        }

        List<ValueInfoProto> inputs = graph.Inputs.Where(i => !graph.InitializerNames.Contains(i.Name)).ToList();
        if (graph.Inputs.Count > 0 && inputs.Count == 0)
            Report(Diagnostics.AllInputsAreInitializers, string.Join(", ", graph.Inputs.Select(i => "'" + i.Name + "'")));
        if (graph.Outputs.Count == 0) Report(Diagnostics.ModelHasNoOutputs);
        if (inputs.Count > MaxTensors) Report(Diagnostics.TooManyTensors, Count(inputs.Count), "inputs", Count(MaxTensors));
        if (graph.Outputs.Count > MaxTensors) Report(Diagnostics.TooManyTensors, Count(graph.Outputs.Count), "outputs", Count(MaxTensors));
        foreach (ValueInfoProto value in inputs) CheckValue(value, "input", Report);
        foreach (ValueInfoProto value in graph.Outputs) CheckValue(value, "output", Report);

        if (diagnostics.Any(d => Diagnostics.ById(d.DescriptorId).DefaultSeverity == DiagnosticSeverity.Error))
            return new Result<ModelSpec>(null, diagnostics.ToEquatableArray());

        var names = new GeneratedMemberNames(className);
        var inputSpecs = new List<TensorSpec>();
        foreach (ValueInfoProto input in inputs)
        {
            (string parameter, string signatureProperty) = names.ForInput(input.Name);
            inputSpecs.Add(ToSpec(input, parameter, signatureProperty, intoParameter: ""));
        }
        var outputSpecs = new List<TensorSpec>();
        foreach (ValueInfoProto output in graph.Outputs)
        {
            (string property, string signatureProperty, string intoParameter) = names.ForOutput(output.Name);
            outputSpecs.Add(ToSpec(output, property, signatureProperty, intoParameter));
        }

        string? batchProblem = BatchAxisCheck.Problem(inputSpecs, outputSpecs, options.BatchDim, options.MicroBatching);
        if (batchProblem is not null)
        {
            Report(Diagnostics.NoBatchAxis, className, batchProblem);
            return new Result<ModelSpec>(null, diagnostics.ToEquatableArray());
        }

        var spec = new ModelSpec
        {
            SourcePath = options.Path,
            ModelFileName = file,
            TargetPath = options.TargetPath.Length > 0 ? options.TargetPath.Replace('\\', '/') : file,
            ClassName = className,
            Namespace = ns,
            SplitsFixedBatch = options.SplitsFixedBatch,
            BatchDim = options.BatchDim,
            IrVersion = model.IrVersion,
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            ModelVersion = model.ModelVersion,
            DocString = model.DocString,
            GraphName = graph.Name,
            GraphDocString = graph.DocString,
            Opsets = model.Opsets.Select(o => new OpsetSpec(o.Domain, o.Version)).ToEquatableArray(),
            Metadata = model.Metadata.Select(e => new MetadataEntrySpec(e.Key, e.Value)).ToEquatableArray(),
            Inputs = inputSpecs.ToEquatableArray(),
            Outputs = outputSpecs.ToEquatableArray(),
        };
        return new Result<ModelSpec>(spec, diagnostics.ToEquatableArray());
    }

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    // The kind a value is bound as, or the diagnostic that stops it: a value no kind takes (OTG003), a tensor element type
    // the typed front-end has no .NET type for (OTG004, strings are taken), one ONNX Runtime's C# API cannot open a
    // session with (OTG020), or too many dimensions (OTG016).
    private static void CheckValue(ValueInfoProto value, string role, Action<DiagnosticDescriptor, string[]> report)
    {
        if (ValueKinds.Classify(value, out int elementType, out _, out string what) is null)
            report(Diagnostics.UnsupportedValueType, new[] { role, value.Name, what });
        else if (!OnnxElementTypes.IsSupported(elementType) && (OnnxElementType)elementType != OnnxElementType.String)
            report(Diagnostics.UnsupportedElementType, new[] { role, value.Name, OnnxElementTypes.DisplayName(elementType) });
        else if (!OnnxElementTypes.SessionsOpenWith(elementType))
            report(Diagnostics.SessionCannotOpen, new[] { role, value.Name, OnnxElementTypes.DisplayName(elementType),
                "OnnxTensor<" + OnnxElementTypes.DotnetTypeName((OnnxElementType)elementType)!.Replace("global::OnnxTyped.", "") + ">" });
        else if (value.Dims.Count > MaxRank)
            report(Diagnostics.RankTooLarge, new[] { role, value.Name, Count(value.Dims.Count), Count(MaxRank) });
    }

    private static TensorSpec ToSpec(ValueInfoProto value, string memberName, string signatureProperty, string intoParameter)
    {
        ValueKindSpec kind = ValueKinds.Classify(value, out int elementType, out int mapKeyType, out _)!.Value;
        bool tensor = kind == ValueKindSpec.Tensor;
        return new()
        {
            OnnxName = value.Name,
            MemberName = memberName,
            SignatureProperty = signatureProperty,
            IntoParameter = intoParameter,
            Kind = kind,
            ElementType = (OnnxElementType)elementType,
            MapKeyType = (OnnxElementType)mapKeyType,
            HasShape = tensor && value.HasShape,
            Dims = tensor ? value.Dims.Select(ToDimSpec).ToEquatableArray() : default,
            DocString = value.DocString,
        };
    }

    // Exporters write -1 (or nothing) for a dimension they do not know: both are anonymous, like an empty dim_param.
    private static DimSpec ToDimSpec(DimensionProto dim) =>
        dim.Value is >= 0 ? DimSpec.Fixed(dim.Value.Value) : DimSpec.Symbolic(dim.Param ?? "");
}
