namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// One edit of a seed, by offsets into the seed: [<paramref name="Start"/>, <paramref name="End"/>) replaced by
/// <paramref name="Bytes"/> (an insertion when they are equal), or, when <paramref name="Times"/> is above 0,
/// repeated that many more times after itself.
/// </summary>
internal sealed record Splice(long Start, long End, byte[] Bytes, int Times = 0);
