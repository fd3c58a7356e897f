using System;
using System.Reflection;
using System.Runtime.Versioning;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Each build of these tests runs on the runtime it targets: the net8.0 build on .NET 8 (it carries its own,
/// self-contained), not rolled forward to the SDK's newer runtime, which would make the net8.0 run a repeat.
/// </summary>
public sealed class TargetRuntimeTests
{
    [Fact]
    public void RunsOnTheRuntimeItWasBuiltFor()
    {
        string target = typeof(TargetRuntimeTests).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        Assert.Equal(new FrameworkName(target).Version.Major, Environment.Version.Major);
    }
}
