using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace InferenceService;

/// <summary>The answer of <c>POST /text-direction</c>: 0 or 180 degrees, and the classifier's probability of it.</summary>
public sealed record TextDirectionAnswer(int Angle, float Score);

/// <summary>The answer of <c>POST /voice-activity</c>: the speech found, in order.</summary>
public sealed record VoiceActivityAnswer(IReadOnlyList<SpeechSpan> Segments);

/// <summary>A stretch of speech, in seconds from the start of the recording.</summary>
public sealed record SpeechSpan(double Start, double End);

/// <summary>The JSON of the answers, generated at compile time (no reflection; NativeAOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TextDirectionAnswer))]
[JsonSerializable(typeof(VoiceActivityAnswer))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ServiceJson : JsonSerializerContext
{
}
