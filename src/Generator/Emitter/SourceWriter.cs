using System.Text;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes C# source line by line with four-space indentation and <c>\n</c> line ends (the same on
/// every OS, so baselines compare byte for byte).
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine(string line)
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    public void WriteLine() => _text.Append('\n');

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        _indent++;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/> (for example <c>;</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString() => _text.ToString();
}
