using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>What the package may depend on: the Microsoft.Extensions abstractions and the core, no ASP.NET Core, no TorchSharp.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void ThePackage_ReferencesNeitherAspNetCoreNorTorchSharp()
    {
        AssemblyName[] references = typeof(OnnxModelOptions).Assembly.GetReferencedAssemblies();
        Assert.Contains(references, r => r.Name == "OnnxTyped.Core");
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("TorchSharp", StringComparison.Ordinal) || r.Name == "OnnxTyped.TorchSharp");
        Assert.All(references.Where(r => r.Name!.StartsWith("Microsoft.Extensions", StringComparison.Ordinal)),
            r => Assert.Equal(8, r.Version!.Major));
    }
}
