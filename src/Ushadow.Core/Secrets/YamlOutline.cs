using Ushadow.Core.Diagnostics;
using Ushadow.Core.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ushadow.Core.Secrets;

/// <summary>One parsed YAML document: its root (null when empty) and where a new top-level key may go.</summary>
/// <param name="Root">The top-level node; null for a document without content.</param>
/// <param name="AppendIndex">Where text appended to the document goes: the end, or before an explicit <c>...</c>.</param>
internal sealed record YamlOutline(YamlNode? Root, int AppendIndex)
{
    /// <summary>
    /// Parses <paramref name="text"/> with YamlDotNet's parser. Errors name the line only: the file holds
    /// secrets, so no text of it may reach a message.
    /// </summary>
    public static YamlOutline Read(string text, string filePath)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return new YamlOutline(null, text.Length);
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, []);
            var end = parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                throw Invalid(filePath, (int)parser.Current!.Start.Line,
                    "a second YAML document starts here; secrets.yaml must hold one document (remove the '---' or '...' line)");
            }
            var appendIndex = end.IsImplicit ? text.Length : LineStart(text, (int)end.Start.Index);
            return new YamlOutline(root.IsEmptyScalar ? null : root, appendIndex);
        }
        catch (YamlException e)
        {
            // YamlDotNet's message may quote the offending text, so only its position is used.
            throw Invalid(filePath, (int)e.Start.Line, NotYaml);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some broken input (an unclosed '[' at the end, a lone '...').
            throw Invalid(filePath, (int)(parser.Current?.Start.Line ?? 1), NotYaml);
        }
    }

    private const string NotYaml =
        "not valid YAML; check indentation and quoting there (a value holding ':', '#' or quotes must be double-quoted, e.g. password: \"a:b#c\")";

    /// <summary>The error for an unusable secrets file.</summary>
    public static UshadowException Invalid(string filePath, int line, string problem) =>
        new(DiagnosticCodes.InvalidSecretsFile, $"{filePath}: line {line}: {problem}", filePath);

    /// <summary>Reads the node at the parser; <paramref name="anchors"/> holds the anchors defined so far.</summary>
    private static YamlNode ReadNode(IParser parser, HashSet<string> anchors)
    {
        var current = parser.Current!;
        parser.MoveNext();
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors.Add(anchored.Anchor.Value);
        }
        switch (current)
        {
            case Scalar scalar:
                var empty = scalar.Style == ScalarStyle.Plain && scalar.Value.Length == 0 && scalar.Start.Index == scalar.End.Index;
                return new YamlNode
                {
                    Kind = YamlNodeKind.Scalar,
                    Value = scalar.Value,
                    IsPlain = scalar.Style == ScalarStyle.Plain,
                    Tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value,
                    Anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value,
                    Line = (int)scalar.Start.Line,
                    Column = (int)scalar.Start.Column - 1,
                    // An empty scalar's mark may point at the next token, on a later line.
                    ContentStart = empty ? -1 : (int)scalar.Start.Index,
                    ContentEnd = empty ? -1 : (int)scalar.End.Index,
                };
            case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                // YamlDotNet's parser lets it pass; every loader (YamlDotNet's own, PyYAML) refuses the file.
                throw new YamlException(alias.Start, alias.End, "alias to an anchor that is not defined before it");
            case AnchorAlias alias:
                return new YamlNode
                {
                    Kind = YamlNodeKind.Alias,
                    Value = alias.Value.Value,
                    Line = (int)alias.Start.Line,
                    Column = (int)alias.Start.Column - 1,
                    ContentEnd = (int)alias.End.Index,
                };
            case MappingStart mapping:
            {
                var node = new YamlNode
                {
                    Kind = YamlNodeKind.Mapping,
                    IsFlow = mapping.Style == MappingStyle.Flow,
                    Tag = mapping.Tag.IsEmpty ? null : mapping.Tag.Value,
                    Anchor = mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value,
                    Line = (int)mapping.Start.Line,
                    Column = (int)mapping.Start.Column - 1,
                };
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors);
                    var value = ReadNode(parser, anchors);
                    node.Pairs.Add(new(key, value));
                    node.ContentEnd = Math.Max(node.ContentEnd, Math.Max(key.ContentEnd, value.ContentEnd));
                }
                var close = parser.Consume<MappingEnd>();
                // A block mapping's end mark is the next token, possibly after comments; a flow one's is its '}'.
                if (node.IsFlow)
                {
                    node.ContentEnd = (int)close.Start.Index + 1;
                }
                return node;
            }
            case SequenceStart sequence:
            {
                var node = new YamlNode
                {
                    Kind = YamlNodeKind.Sequence,
                    IsFlow = sequence.Style == SequenceStyle.Flow,
                    Tag = sequence.Tag.IsEmpty ? null : sequence.Tag.Value,
                    Anchor = sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value,
                    Line = (int)sequence.Start.Line,
                    Column = (int)sequence.Start.Column - 1,
                };
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, anchors);
                    node.Items.Add(item);
                    node.ContentEnd = Math.Max(node.ContentEnd, item.ContentEnd);
                }
                var close = parser.Consume<SequenceEnd>();
                if (node.IsFlow)
                {
                    node.ContentEnd = (int)close.Start.Index + 1;
                }
                return node;
            }
            default:
                throw new YamlException(current.Start, current.End, "unexpected event");
        }
    }

    private static int LineStart(string text, int index)
    {
        var previousBreak = index == 0 ? -1 : text.LastIndexOf('\n', index - 1);
        return previousBreak + 1;
    }
}
