using OnnxTyped.Generator.Emitter;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>The source writer: blocks written whole keep their shape under the current indentation.</summary>
public sealed class SourceWriterTests
{
    [Fact]
    public void EveryLineOfABlockIsIndentedAndEmptyLinesStayEmpty()
    {
        var w = new SourceWriter();
        w.WriteLine("class C");
        w.OpenBlock();
        w.WriteLine("/// <summary>A.</summary>\nint A\n{\n    get => 1;\n}\n\nint B => 2;");
        w.CloseBlock();
        Assert.Equal("class C\n{\n    /// <summary>A.</summary>\n    int A\n    {\n        get => 1;\n    }\n\n    int B => 2;\n}\n", w.ToString());
    }

    [Fact]
    public void CrlfLineEndsWriteTheSameSource()
    {
        var lf = new SourceWriter();
        var crlf = new SourceWriter();
        lf.Indent();
        crlf.Indent();
        lf.WriteLine("a\n\nb");
        crlf.WriteLine("a\r\n\r\nb");
        Assert.Equal("    a\n\n    b\n", crlf.ToString());
        Assert.Equal(lf.ToString(), crlf.ToString());
    }
}
