using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using OnnxTyped;
using OnnxTyped.Samples;
using SkiaSharp;
using Spectre.Console;
using TextDetection;
using TorchSharp;

// Finds the text lines of a picture it draws itself with PP-OCRv4's detector, then tells which way up each line is
// with PaddleOCR's direction classifier. Both classes (TextDetector, DirectionClassifier) are generated from the
// OnnxModel items in TextDetection.csproj. Options: --device cpu|cuda (default cpu), --output <png>.
try
{
    SampleArguments arguments = SampleArguments.Parse(args, "device", "output");
    torch.Device requested = ParseDevice(arguments.Get("device", "cpu"));
    string outputPath = Path.GetFullPath(arguments.Get("output", Path.Combine(AppContext.BaseDirectory, "output.png")));

    using TestImage image = TestImage.Draw();
    var logger = new ConsoleWarningLogger();
    // A CUDA device this machine cannot serve falls back to the CPU with the logger's warning; the classifier then
    // opens on wherever the detector ended up, so the warning comes once.
    using TextDetector detector = TextDetector.Load(requested, DeviceFallback.UseCpu, logger);
    torch.Device device = detector.TorchDevice ?? torch.CPU;
    if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
        throw new InvalidOperationException(
            $"ONNX Runtime took {device}, but TorchSharp has no CUDA here: reference TorchSharp-cuda-linux instead of TorchSharp-cpu.");
    using DirectionClassifier classifier = DirectionClassifier.Load(device, DeviceFallback.UseCpu, logger);
    AnsiConsole.MarkupLine($"PP-OCRv4 text detection + PP-OCR direction classifier on [blue]{device}[/], over a {image.Bitmap.Width}×{image.Bitmap.Height} test image of {image.DrawnLines.Count} lines");

    var detection = Stopwatch.StartNew();
    IReadOnlyList<DetectedText> regions = Detect(detector, image.Bitmap, device);
    detection.Stop();

    var classification = Stopwatch.StartNew();
    TextDirection[] directions = ClassifyWithProgress(classifier, image.Bitmap, regions, device);
    classification.Stop();

    AnsiConsole.Write(RegionTable(regions, directions, image.DrawnLines));
    ResultImage.Write(outputPath, image.Bitmap, regions, directions);
    AnsiConsole.MarkupLine($"Picture written to [blue]{Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, outputPath))}[/]");

    Console.WriteLine(Summary(regions, directions, image.DrawnLines) +
        $" Detection {detection.ElapsedMilliseconds} ms, classification {classification.ElapsedMilliseconds} ms (first runs) on {device}.");
    return 0;
}
catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidOperationException)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 1;
}

static torch.Device ParseDevice(string name)
{
    if (name == "cpu") return torch.CPU;
    // Made directly rather than with torch.device("cuda"), which throws at once where TorchSharp has no CUDA: the
    // runtime is to decide, and fall back to the CPU with a warning.
    if (name == "cuda") return new torch.Device(DeviceType.CUDA, 0);
    if (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name[5..], out int index) && index >= 0)
        return new torch.Device(DeviceType.CUDA, index);
    throw new ArgumentException($"Unknown device '{name}': use cpu, cuda or cuda:<index>.");
}

static IReadOnlyList<DetectedText> Detect(TextDetector detector, SKBitmap image, torch.Device device)
{
    using DetectorInput input = DetectorInput.From(image, device);
    using TextDetector.TorchOutputs outputs = detector.RunTorch(input.Tensor);
    // [1, 1, H, W]: the probability that each pixel is text, at the input's size.
    using torch.Tensor map = outputs.Sigmoid0Tmp0.cpu();
    int height = (int)map.size(2), width = (int)map.size(3);
    return DbPostProcessing.FindBoxes(map.data<float>().ToArray(), width, height, input.ScaleX, input.ScaleY, new SKSizeI(image.Width, image.Height));
}

static TextDirection[] ClassifyWithProgress(DirectionClassifier classifier, SKBitmap image, IReadOnlyList<DetectedText> regions, torch.Device device)
{
    TextDirection[] directions = Array.Empty<TextDirection>();
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask($"Classifying {regions.Count} crops", maxValue: Math.Max(1, regions.Count));
            directions = DirectionClassification.Classify(classifier, image, regions, device, count => task.Increment(count));
        });
    return directions;
}

// The index of the drawn line whose rectangle holds the region's middle, or null: how the sample knows what the answer should be.
static int? LineOf(DetectedText region, IReadOnlyList<DrawnLine> lines)
{
    for (int i = 0; i < lines.Count; i++)
        if (lines[i].Bounds.Contains(region.Center)) return i;
    return null;
}

static Table RegionTable(IReadOnlyList<DetectedText> regions, TextDirection[] directions, IReadOnlyList<DrawnLine> lines)
{
    var table = new Table().AddColumns("#", "top left, size, tilt", "score", "direction", "drawn as");
    for (int i = 0; i < regions.Count; i++)
    {
        DetectedText region = regions[i];
        TextDirection direction = directions[i];
        Style style = direction.TurnOver ? new Style(Color.DarkOrange) : direction.Unsure ? new Style(Color.Grey) : Style.Plain;
        string drawnAs = LineOf(region, lines) is int line ? $"line {line + 1}, {lines[line].Degrees:0}°" : "no line";
        table.AddRow(
            new Text($"{i + 1}"),
            new Text($"({region.Corners[0].X:0}, {region.Corners[0].Y:0}) {region.Width:0}×{region.Height:0} {region.TiltDegrees:0.0}°"),
            new Text($"{region.Score:0.00}"),
            new Text(direction.ToString(), style),
            new Text(drawnAs));
    }
    return table;
}

static string Summary(IReadOnlyList<DetectedText> regions, TextDirection[] directions, IReadOnlyList<DrawnLine> lines)
{
    int?[] lineOfRegion = regions.Select(r => LineOf(r, lines)).ToArray();
    int linesFound = lineOfRegion.OfType<int>().Distinct().Count();
    int rightWayUp = Enumerable.Range(0, regions.Count)
        .Count(i => lineOfRegion[i] is int line && directions[i].TurnOver == lines[line].UpsideDown);
    return $"Summary: {regions.Count} regions found for {linesFound} of {lines.Count} drawn lines; {rightWayUp} of {regions.Count} " +
        $"end up the right way up ({lines.Count(l => l.UpsideDown)} drawn upside down, {directions.Count(d => d.TurnOver)} turned over, " +
        $"{directions.Count(d => d.Unsure)} unsure 180° left as is).";
}
