using System.Text;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes C# source with four-space indentation and <c>\n</c> line ends (the same on every OS, so
/// baselines compare byte for byte). A call may write a whole block (a doc comment, a member) as one
/// raw string literal: every line gets the current indentation on top of its own.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>
    /// Writes each line of <paramref name="text"/> at the current indentation; empty lines stay empty
    /// (no trailing spaces). <c>\r\n</c> counts as one line end, so a template in a file checked out
    /// with CRLF line ends writes the same source.
    /// </summary>
    public void WriteLine(string text)
    {
        int start = 0;
        while (true)
        {
            int end = text.IndexOf('\n', start);
            int length = (end < 0 ? text.Length : end) - start;
            if (length > 0 && text[start + length - 1] == '\r') length--;
            if (length > 0) _text.Append(' ', _indent * 4).Append(text, start, length);
            _text.Append('\n');
            if (end < 0) return;
            start = end + 1;
        }
    }

    /// <summary>Writes an empty line.</summary>
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
