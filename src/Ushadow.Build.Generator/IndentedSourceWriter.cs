using System.Text;

namespace Ushadow.Build.Generator;

/// <summary>Builds source text line by line with four-space indentation and <c>\n</c> line ends.</summary>
internal sealed class IndentedSourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Indent() => _depth++;

    public void Outdent() => _depth--;

    /// <summary>Writes one line at the current indentation; an empty line gets no indentation.</summary>
    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }
        _text.Append('\n');
    }

    /// <summary>Writes every line of <paramref name="block"/> at the current indentation, keeping its own relative indentation.</summary>
    public void Lines(string block)
    {
        foreach (var line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.TrimEnd());
        }
    }

    public override string ToString() => _text.ToString();
}
