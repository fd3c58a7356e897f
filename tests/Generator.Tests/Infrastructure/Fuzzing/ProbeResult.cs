using System;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>What one fuzz input did: whether the reader read it and a class could be generated, what the reader allocated and read, and how long it all took.</summary>
internal sealed record ProbeResult(bool Read, bool Generated, long ReaderAllocatedBytes, long ReaderBytesRead, TimeSpan Elapsed);
