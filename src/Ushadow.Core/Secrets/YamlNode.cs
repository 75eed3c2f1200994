using System.Text;

namespace Ushadow.Core.Secrets;

/// <summary>
/// A node of a parsed YAML document together with where it sits in the text, so that
/// <see cref="SecretsDocument"/> can insert lines without re-serializing anything.
/// </summary>
internal sealed class YamlNode
{
    public YamlNodeKind Kind { get; init; }

    /// <summary>Flow style (<c>{a: b}</c>, <c>[a]</c>) for collections.</summary>
    public bool IsFlow { get; init; }

    /// <summary>The scalar's value, or the alias' anchor.</summary>
    public string Value { get; init; } = "";

    /// <summary>A plain scalar resolves by content (<c>true</c>, <c>~</c>); a quoted one is always a string.</summary>
    public bool IsPlain { get; init; }

    public string? Tag { get; init; }

    public string? Anchor { get; init; }

    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; } = [];

    public List<YamlNode> Items { get; } = [];

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; init; }

    /// <summary>0-based column of the node's first character (the indentation of a block mapping).</summary>
    public int Column { get; init; }

    /// <summary>Index of a scalar's first character (its opening quote or block indicator); -1 for an empty scalar and other nodes.</summary>
    public int ContentStart { get; init; } = -1;

    /// <summary>Index just past the node's last character; -1 for an empty scalar, which has no characters.</summary>
    public int ContentEnd { get; set; } = -1;

    /// <summary><c>key:</c> with nothing after it.</summary>
    public bool IsEmptyScalar => Kind == YamlNodeKind.Scalar && IsPlain && Value.Length == 0 && Tag is null && Anchor is null;

    /// <summary>A scalar that YAML reads as null or that holds the empty string.</summary>
    public bool IsNullOrEmptyScalar =>
        Kind == YamlNodeKind.Scalar && (Value.Length == 0 || (IsPlain && Tag is null && Value is "~" or "null" or "Null" or "NULL"));

    public bool IsBlockMapping => Kind == YamlNodeKind.Mapping && !IsFlow;

    public static YamlNode NewScalar(string value, bool plain) => new() { Kind = YamlNodeKind.Scalar, Value = value, IsPlain = plain };

    public static YamlNode NewMapping() => new() { Kind = YamlNodeKind.Mapping };

    /// <summary>Index of the pair whose key is the scalar <paramref name="key"/>, or -1.</summary>
    public int IndexOfKey(string key) => IndexOfKey(key, 0);

    /// <summary>Index of the first pair from <paramref name="start"/> on whose key is the scalar <paramref name="key"/>, or -1.</summary>
    public int IndexOfKey(string key, int start)
    {
        // A loop, not List.FindIndex: that generic code over the key-value struct is JIT compiled in each build's process.
        for (var i = start; i < Pairs.Count; i++)
        {
            if (Pairs[i].Key.Kind == YamlNodeKind.Scalar && Pairs[i].Key.Value == key)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// A canonical text of the node's content (ignoring layout and comments), to prove an edit changed
    /// nothing but what it meant to. Lengths prefix values so no two trees describe alike.
    /// </summary>
    public static string Describe(YamlNode? node)
    {
        var text = new StringBuilder();
        Describe(node, text);
        return text.ToString();
    }

    private static void Describe(YamlNode? node, StringBuilder text)
    {
        if (node is null)
        {
            text.Append("M[]");
            return;
        }
        text.Append('&').Append(node.Anchor).Append('!').Append(node.Tag).Append(';');
        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                text.Append(node.IsPlain ? 'P' : 'Q').Append(node.Value.Length).Append(':').Append(node.Value);
                break;
            case YamlNodeKind.Alias:
                text.Append('*').Append(node.Value.Length).Append(':').Append(node.Value);
                break;
            case YamlNodeKind.Mapping:
                text.Append("M[");
                foreach (var pair in node.Pairs)
                {
                    Describe(pair.Key, text);
                    text.Append('=');
                    Describe(pair.Value, text);
                    text.Append(',');
                }
                text.Append(']');
                break;
            case YamlNodeKind.Sequence:
                text.Append("S[");
                foreach (var item in node.Items)
                {
                    Describe(item, text);
                    text.Append(',');
                }
                text.Append(']');
                break;
        }
    }
}
