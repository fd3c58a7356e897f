using System;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace TextDetection;

/// <summary>
/// Prints the runtime's warnings (such as falling back from CUDA to the CPU) on the console, in yellow; everything
/// below a warning is dropped.
/// </summary>
internal sealed class ConsoleWarningLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(formatter(state, exception))}");
    }
}
