using System;
using System.Collections.Generic;
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
    public static Result<ModelSpec> Parse(Stream stream, ModelFileOptions options, CancellationToken cancellationToken)
    {
        ModelProto model;
        try
        {
            model = ModelProtoReader.Read(stream, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (IOException e)
        {
            return Result<ModelSpec>.Failure(DiagnosticInfo.Create(Diagnostics.ModelUnreadable, options.Path, options.Path, e.Message));
        }
        catch (Exception e)
        {
            // MalformedModelException, or anything else odd bytes provoke: the file is not a model we can read.
            return Result<ModelSpec>.Failure(DiagnosticInfo.Create(Diagnostics.ModelMalformed, options.Path, FileName(options.Path), e.Message));
        }
        return Build(model, options);
    }

    /// <summary>Checks the parsed model and the options and chooses every C# name.</summary>
    internal static Result<ModelSpec> Build(ModelProto model, ModelFileOptions options)
    {
        string file = FileName(options.Path);
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, params string[] args) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, options.Path, new[] { file }.Concat(args).ToArray()));

        string className = options.ClassName.Length > 0
            ? options.ClassName
            : CSharpNames.Pascal(Path.GetFileNameWithoutExtension(options.Path), "Model");
        if (!CSharpNames.IsValidTypeName(className))
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
        foreach (ValueInfoProto value in inputs) CheckTensor(value, "input", Report);
        foreach (ValueInfoProto value in graph.Outputs) CheckTensor(value, "output", Report);

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

        var spec = new ModelSpec
        {
            SourcePath = options.Path,
            ModelFileName = file,
            TargetPath = options.TargetPath.Length > 0 ? options.TargetPath.Replace('\\', '/') : file,
            ClassName = className,
            Namespace = ns,
            SplitsFixedBatch = options.SplitsFixedBatch,
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

    private static void CheckTensor(ValueInfoProto value, string role, Action<DiagnosticDescriptor, string[]> report)
    {
        string? kind = value.Kind switch
        {
            ValueKind.Tensor => null,
            ValueKind.Sequence => "a sequence",
            ValueKind.Map => "a map",
            ValueKind.Optional => "an optional",
            ValueKind.SparseTensor => "a sparse tensor",
            ValueKind.Missing => "declared without a type",
            _ => "of a type other than tensor",
        };
        if (kind is not null)
            report(Diagnostics.UnsupportedValueType, new[] { role, value.Name, kind });
        else if (!OnnxElementTypes.IsSupported(value.ElementType))
            report(Diagnostics.UnsupportedElementType, new[] { role, value.Name, OnnxElementTypes.DisplayName(value.ElementType) });
    }

    private static TensorSpec ToSpec(ValueInfoProto value, string memberName, string signatureProperty, string intoParameter) => new()
    {
        OnnxName = value.Name,
        MemberName = memberName,
        SignatureProperty = signatureProperty,
        IntoParameter = intoParameter,
        ElementType = (OnnxElementType)value.ElementType,
        HasShape = value.HasShape,
        Dims = value.Dims.Select(ToDimSpec).ToEquatableArray(),
        DocString = value.DocString,
    };

    // Exporters write -1 (or nothing) for a dimension they do not know: both are anonymous, like an empty dim_param.
    private static DimSpec ToDimSpec(DimensionProto dim) =>
        dim.Value is >= 0 ? DimSpec.Fixed(dim.Value.Value) : DimSpec.Symbolic(dim.Param ?? "");

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}
