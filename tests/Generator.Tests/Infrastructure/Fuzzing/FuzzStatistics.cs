using System;
using System.Globalization;
using System.Threading;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>What a fuzz run did, gathered from every thread: the numbers docs/robustness.md records.</summary>
internal sealed class FuzzStatistics
{
    private readonly object _gate = new();
    private long _inputs;
    private long _read;
    private long _generated;
    private long _maxAllocated;
    private long _maxAllocatedBytesRead;
    private long _maxBytesRead;
    private TimeSpan _maxElapsed;
    private string _mostAllocating = "";
    private string _slowest = "";

    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>Counts <paramref name="result"/>; <paramref name="input"/> is named in the summary when it allocated most or was slowest.</summary>
    public void Add(ProbeResult result, object input)
    {
        lock (_gate)
        {
            _inputs++;
            if (result.Read) _read++;
            if (result.Generated) _generated++;
            if (result.ReaderAllocatedBytes > _maxAllocated)
            {
                _maxAllocated = result.ReaderAllocatedBytes;
                _maxAllocatedBytesRead = result.ReaderBytesRead;
                _mostAllocating = input.ToString() ?? "";
            }
            _maxBytesRead = Math.Max(_maxBytesRead, result.ReaderBytesRead);
            if (result.Elapsed > _maxElapsed)
            {
                _maxElapsed = result.Elapsed;
                _slowest = input.ToString() ?? "";
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{_inputs} inputs: {_read} read as models ({_generated} of them gave a class), {_inputs - _read} refused as malformed; " +
                $"most the reader allocated {_maxAllocated} bytes (having read {_maxAllocatedBytesRead}: {_mostAllocating}); most it read {_maxBytesRead} bytes; " +
                $"slowest input {_maxElapsed.TotalMilliseconds:F1} ms ({_slowest})");
        }
    }
}
