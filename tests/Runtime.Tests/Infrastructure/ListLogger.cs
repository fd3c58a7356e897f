using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace OnnxTyped.Runtime.Tests;

/// <summary>An <see cref="ILogger"/> that keeps every entry, so tests can assert what was warned.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
