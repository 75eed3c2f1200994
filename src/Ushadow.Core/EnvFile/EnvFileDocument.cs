using System.Text.RegularExpressions;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Shared;

namespace Ushadow.Core.EnvFile;

/// <summary>
/// A <c>.env</c> file edited in place: <see cref="Set"/> changes only the value of the key it is
/// given and keeps every other byte (comments, blank lines, order, <c>export </c> prefixes, quoting,
/// inline comments, line endings, lines it cannot parse).
/// </summary>
/// <remarks>
/// Parsing is a port of python-dotenv's parser (the one docker compose v1 uses too), so
/// <see cref="Get"/> reads what they read. Variable expansion (<c>${OTHER}</c>) is not performed.
/// </remarks>
internal sealed partial class EnvFileDocument
{
    private readonly string _filePath;
    private List<Binding> _bindings;

    private EnvFileDocument(string text, string filePath)
    {
        Text = text;
        _filePath = filePath;
        _bindings = ParseBindings(text);
    }

    /// <summary>The current text; byte-identical to the parsed text until a value actually changes.</summary>
    public string Text { get; private set; }

    /// <summary>Reads <paramref name="text"/>; <c>null</c> or empty gives an empty document. Never throws.</summary>
    /// <param name="text">The content of a <c>.env</c> file.</param>
    /// <param name="filePath">The file's path, named in errors.</param>
    /// <returns>The document.</returns>
    public static EnvFileDocument Parse(string? text, string filePath = ".env") => new(text ?? string.Empty, filePath);

    /// <summary>
    /// The value python-dotenv and docker compose read for <paramref name="key"/> (the last
    /// occurrence wins), unquoted and unescaped; <c>null</c> when the key is absent or its last
    /// occurrence has no <c>=</c>.
    /// </summary>
    /// <param name="key">The variable name.</param>
    /// <returns>The value, or <c>null</c>.</returns>
    public string? Get(string key) => LastBinding(key)?.Value;

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>. The last assignment of the key is
    /// rewritten in place, keeping its indentation, <c>export </c> prefix, quote style, inline comment
    /// and line ending; an equal value changes nothing. A key with no assignment is appended as
    /// <c>KEY=value</c> with the file's dominant line ending.
    /// </summary>
    /// <param name="key">A variable name: a letter or <c>_</c>, then letters, digits or <c>_</c>.</param>
    /// <param name="value">
    /// Any value without <c>"</c>, <c>\</c>, <c>$</c> or control characters (every value that passes the package's
    /// rules). Plain tokens are written bare; anything else (<c>#</c>, <c>'</c>, spaces, non-ASCII) in double
    /// quotes, which python-dotenv, docker compose and DotNetEnv all read literally, or in single quotes where a double
    /// quote would close an unclosed quote earlier in the file. Each edit is parsed before it is kept.
    /// </param>
    /// <exception cref="ArgumentException">The key or value is not of the form above.</exception>
    /// <exception cref="UshadowException">
    /// USH1007: no way of writing the value reads back as meant without changing another key (an unclosed quote
    /// earlier in the file would take in the new text); the document is unchanged.
    /// </exception>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a variable name the .env file can hold.", nameof(key));
        }

        if (!Writable(value))
        {
            throw new ArgumentException($"The value for {key} holds '\"', '\\', '$' or a control character, which a .env file cannot hold the same way for every reader.", nameof(value));
        }

        var last = LastBinding(key);
        if (last is { Value: not null } && last.Value == value)
        {
            return;
        }

        // Every way of writing the value, the preferred first; the first that python-dotenv reads back as meant wins.
        // A quote the new text brings can close an unclosed quote earlier in the file and swallow the lines between.
        foreach (var (start, length, replacement) in Edits(last, key, value))
        {
            var text = string.Concat(Text.AsSpan(0, start), replacement, Text.AsSpan(start + length));
            var parsed = ParseBindings(text);
            if (parsed.FindLast(b => b.Key == key)?.Value == value && SameOtherBindings(_bindings, parsed, key))
            {
                Text = text;
                _bindings = parsed;
                return;
            }
        }

        throw new UshadowException(DiagnosticCodes.CannotWrite,
            $"{_filePath}: cannot write {key}={value} without changing how python-dotenv and docker compose read other lines " +
            $"(an unclosed ' or \" earlier in the file would take in the new text); close that quote, or set {key} by hand", _filePath);
    }

    /// <summary>The edits that would set the value: (start, length, replacement), the preferred first.</summary>
    private IEnumerable<(int Start, int Length, string Replacement)> Edits(Binding? last, string key, string value)
    {
        var renderings = new List<string>();
        if (IsBare(value))
        {
            renderings.Add(value);
        }

        renderings.Add(Quoted(value));
        if (!value.Contains('\'', StringComparison.Ordinal))
        {
            renderings.Add("'" + value + "'");
        }

        if (last is { Value: not null })
        {
            // Keep the line's quoting when it can hold the value, else requote it, quotes included.
            if (last.Quote == '"' || (last.Quote == '\'' && !value.Contains('\'', StringComparison.Ordinal)) || (last.Quote == '\0' && IsBare(value)))
            {
                yield return (last.ValueStart, last.ValueLength, ValueText(last, value));
            }

            var quotes = last.Quote == '\0' ? 0 : 1;
            foreach (var rendering in renderings)
            {
                yield return (last.ValueStart - quotes, last.ValueLength + (2 * quotes), rendering);
            }
        }
        else
        {
            // Absent, or only a bare `KEY` line (which python-dotenv reads as None): a new last line wins.
            var newline = DominantLineEnding(Text);
            var separator = Text.Length > 0 && Text[^1] is not ('\n' or '\r') ? newline : "";
            foreach (var rendering in renderings)
            {
                yield return (Text.Length, 0, $"{separator}{key}={rendering}{newline}");
            }
        }
    }

    /// <summary>Whether every binding of another key reads as before, in the same order.</summary>
    private static bool SameOtherBindings(List<Binding> before, List<Binding> after, string key) =>
        before.Where(b => b.Key != key).Select(b => (b.Key, b.Value))
            .SequenceEqual(after.Where(b => b.Key != key).Select(b => (b.Key, b.Value)));

    /// <summary>Whether <see cref="Set"/> can write <paramref name="value"/> so that every reader gets it back unchanged.</summary>
    public static bool Writable(string value) =>
        !value.Any(c => c is '"' or '\\' or '$' || char.IsControl(c));

    private static bool IsBare(string value) => TokenPattern().IsMatch(value);

    private static string Quoted(string value) => "\"" + value + "\"";

    private Binding? LastBinding(string key) => _bindings.FindLast(b => b.Key == key);

    private string ValueText(Binding binding, string value)
    {
        if (value.Length == 0 && binding.Quote == '\0' && StartsInlineComment(binding.ValueStart + binding.ValueLength))
        {
            // `KEY= # note` would read as "# note": the blanks after `=` belong to the `=`.
            return "\"\"";
        }

        return value;
    }

    private bool StartsInlineComment(int index) =>
        UnquotedValue().Match(Text, index).Value.TrimStart().StartsWith('#');

    private static string DominantLineEnding(string text)
    {
        int crlf = 0, lf = 0, cr = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                crlf++;
                i++;
            }
            else if (text[i] == '\n')
            {
                lf++;
            }
            else if (text[i] == '\r')
            {
                cr++;
            }
        }

        // Ties go to LF, the ending of an empty file.
        return crlf > lf && crlf >= cr ? "\r\n" : cr > lf && cr > crlf ? "\r" : "\n";
    }

    /// <summary>One <c>KEY</c> or <c>KEY=value</c> python-dotenv reads, with where its value sits in the text.</summary>
    /// <param name="Key">The name.</param>
    /// <param name="Value">The unquoted, unescaped value; <c>null</c> for a bare <c>KEY</c>.</param>
    /// <param name="ValueStart">Index of the value's raw text (inside the quotes when quoted).</param>
    /// <param name="ValueLength">Length of the raw text, without quotes and inline comment.</param>
    /// <param name="Quote">The quote character, or <c>'\0'</c> when bare.</param>
    private sealed record Binding(string Key, string? Value, int ValueStart, int ValueLength, char Quote);

    // The patterns below are python-dotenv 0.21's (dotenv/parser.py), anchored with \G. Python's \s
    // also matches \x1c-\x1f, so "Space" and "Blank" (a space that is not a line break) add them.
    private const string Space = @"[\s\x1c-\x1f]";
    private const string Blank = @"[\s\x1c-\x1f-[\r\n]]";

    [GeneratedRegex(@"\G" + Space + "*")]
    private static partial Regex MultilineWhitespace();

    [GeneratedRegex(@"\G" + Blank + "*")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\G(?:export" + Blank + "+)?")]
    private static partial Regex Export();

    [GeneratedRegex(@"\G'([^']+)'")]
    private static partial Regex SingleQuotedKey();

    [GeneratedRegex(@"\G([^=#\s\x1c-\x1f]+)")]
    private static partial Regex UnquotedKey();

    [GeneratedRegex(@"\G=" + Blank + "*")]
    private static partial Regex EqualSign();

    [GeneratedRegex(@"\G'((?:\\'|[^'])*)'")]
    private static partial Regex SingleQuotedValue();

    [GeneratedRegex(@"\G""((?:\\""|[^""])*)""")]
    private static partial Regex DoubleQuotedValue();

    [GeneratedRegex(@"\G[^\r\n]*")]
    private static partial Regex UnquotedValue();

    [GeneratedRegex(Space + "+#")]
    private static partial Regex UnquotedValueComment();

    [GeneratedRegex(@"\G(?:" + Blank + @"*#[^\r\n]*)?")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\G" + Blank + @"*(?:\r\n|\n|\r|$)")]
    private static partial Regex EndOfLine();

    [GeneratedRegex(@"\G[^\r\n]*(?:\r|\n|\r\n)?")]
    private static partial Regex RestOfLine();

    [GeneratedRegex(@"\\[\\'""abfnrtv]")]
    private static partial Regex DoubleQuoteEscapes();

    [GeneratedRegex(@"\\[\\']")]
    private static partial Regex SingleQuoteEscapes();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();

    // Characters no reader treats specially outside quotes (no '#', quotes, '$', '\\', blanks or '=' games).
    [GeneratedRegex(@"^[A-Za-z0-9_.\-+@%,:/~^]*$")]
    private static partial Regex TokenPattern();

    private static List<Binding> ParseBindings(string text)
    {
        var result = new List<Binding>();
        var position = 0;
        while (position < text.Length)
        {
            position = ParseBinding(text, position, result);
        }

        return result;
    }

    /// <summary>python-dotenv's <c>parse_binding</c>: reads one binding from <paramref name="position"/> and returns where the next starts.</summary>
    private static int ParseBinding(string text, int position, List<Binding> result)
    {
        var reader = new Reader(text, position);
        if (!reader.TryRead(MultilineWhitespace(), out _))
        {
            return reader.Position;
        }

        if (reader.AtEnd)
        {
            return reader.Position;
        }

        var binding = ReadBinding(reader);
        if (binding is null)
        {
            // Python raises and resumes after the rest of the line, counted from where it failed.
            reader.TryRead(RestOfLine(), out _);
            return reader.Position;
        }

        if (binding.Key.Length > 0)
        {
            result.Add(binding);
        }

        return reader.Position;
    }

    /// <summary>The binding at the reader, an empty-key binding for a comment, or <c>null</c> where python-dotenv fails.</summary>
    private static Binding? ReadBinding(Reader reader)
    {
        reader.TryRead(Export(), out _);
        string key;
        if (reader.Peek == '#')
        {
            key = string.Empty;
        }
        else if (!reader.TryRead(reader.Peek == '\'' ? SingleQuotedKey() : UnquotedKey(), out var keyMatch))
        {
            return null;
        }
        else
        {
            key = keyMatch.Groups[1].Value;
        }

        reader.TryRead(Whitespace(), out _);
        var binding = new Binding(key, null, reader.Position, 0, '\0');
        if (reader.Peek == '=')
        {
            reader.TryRead(EqualSign(), out _);
            binding = ReadValue(reader, key);
            if (binding is null)
            {
                return null;
            }
        }

        if (!reader.TryRead(Comment(), out _) || !reader.TryRead(EndOfLine(), out _))
        {
            return null;
        }

        return binding;
    }

    private static Binding? ReadValue(Reader reader, string key)
    {
        switch (reader.Peek)
        {
            case '\'':
            case '"':
                var quote = reader.Peek;
                var pattern = quote == '\'' ? SingleQuotedValue() : DoubleQuotedValue();
                if (!reader.TryRead(pattern, out var quoted))
                {
                    return null;
                }

                var raw = quoted.Groups[1];

                // Python opens the file with universal newlines, so a value spanning lines holds only \n.
                var lines = raw.Value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
                var value = quote == '\''
                    ? SingleQuoteEscapes().Replace(lines, m => m.Value.Substring(1))
                    : DoubleQuoteEscapes().Replace(lines, m => Unescape(m.Value[1]));
                return new Binding(key, value, raw.Index, raw.Length, quote);
            case '\r' or '\n':
            case '\0' when reader.AtEnd:
                return new Binding(key, string.Empty, reader.Position, 0, '\0');
            default:
                reader.TryRead(UnquotedValue(), out var bare);
                var comment = UnquotedValueComment().Match(bare.Value);
                var text = TrimEndLikePython(comment.Success ? bare.Value[..comment.Index] : bare.Value);
                return new Binding(key, text, bare.Index, text.Length, '\0');
        }
    }

    private static string Unescape(char escaped) => escaped switch
    {
        'a' => "\a",
        'b' => "\b",
        'f' => "\f",
        'n' => "\n",
        'r' => "\r",
        't' => "\t",
        'v' => "\v",
        _ => escaped.ToString(),
    };

    private static string TrimEndLikePython(string text)
    {
        var end = text.Length;
        while (end > 0 && IsPythonSpace(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>A position in the text that advances only when a pattern matches there, like python-dotenv's Reader.</summary>
    private sealed class Reader(string text, int position)
    {
        public int Position { get; private set; } = position;

        public bool AtEnd => Position >= text.Length;

        /// <summary>The next character, or <c>'\0'</c> at the end (python's empty peek).</summary>
        public char Peek => AtEnd ? '\0' : text[Position];

        public bool TryRead(Regex pattern, out Match match)
        {
            match = pattern.Match(text, Position);
            if (!match.Success)
            {
                return false;
            }

            Position = match.Index + match.Length;
            return true;
        }
    }
}
