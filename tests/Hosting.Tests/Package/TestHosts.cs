using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>A generic host (no web server) with in-memory configuration, whose logs the test can read.</summary>
internal sealed class TestHost : IDisposable
{
    private TestHost(IHost host, LogLines logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public LogLines Logs { get; }

    public IServiceProvider Services => Host.Services;

    public static TestHost Build(IDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new LogLines();
        builder.Logging.AddProvider(logs);
        register(builder.Services, builder.Configuration);
        return new TestHost(builder.Build(), logs);
    }

    public void Dispose() => Host.Dispose();

    /// <summary>Every log line written, as "Category[EventId] message".</summary>
    internal sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            private readonly LogLines _owner;
            private readonly string _category;

            public Logger(LogLines owner, string category) => (_owner, _category) = (owner, category);

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                _owner.Lines.Enqueue($"{_category}[{eventId.Id}] {logLevel}: {formatter(state, exception)}");
        }
    }
}
