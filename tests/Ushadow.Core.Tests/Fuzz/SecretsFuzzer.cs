using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ushadow.Core.Tests.Fuzz;

/// <summary>One key the build asks <see cref="SecretsDocument.AddIfMissing(string, string, Func{string})"/> to add.</summary>
internal sealed record SecretsRequest(string Section, string Key, string Value);

/// <summary>One generated <c>secrets.yaml</c> case and what the editor did with it.</summary>
/// <param name="Seed">The case's own seed.</param>
/// <param name="Before">The file's text (a byte-order mark is a leading U+FEFF).</param>
/// <param name="Requests">The additions asked for, in order.</param>
/// <param name="After">The text written back; equal to <paramref name="Before"/> when the editor refused.</param>
/// <param name="Added">The additions the editor says it made.</param>
/// <param name="Refusal">The USH1006 message when the editor refused, else null.</param>
/// <param name="Problem">What the harness saw go wrong (another exception, YamlDotNet disagreeing), else null.</param>
internal sealed record SecretsFuzzCase(
    int Seed, string Before, IReadOnlyList<SecretsRequest> Requests, string After, IReadOnlyList<SecretsRequest> Added, string? Refusal, string? Problem);

/// <summary>
/// Generates <c>secrets.yaml</c> shapes (block and flow maps, anchors and aliases, merge keys, tags, comments,
/// block scalars, tabs, duplicates, empty and multiple documents, quoted keys, nested maps, lists) and asks the
/// editor to add what a build adds. The editor must either add exactly the missing keys and keep every other value
/// as YamlDotNet reads it (checked here) and as PyYAML reads it (build/fuzz/oracle.py), or refuse with USH1006.
/// </summary>
internal static class SecretsFuzzer
{
    /// <summary>Put into generated values; an error message must never show it (the file holds secrets).</summary>
    public const string SecretMarker = "S3KR1T";

    private const string FilePath = "/fuzz/config/SECRETS/secrets.yaml";

    private static readonly (string Section, string Key)[] BuildKeys =
    [
        ("admin", "name"), ("admin", "email"), ("admin", "password"), ("security", "auth_secret_key"), ("security", "session_secret"),
        ("api_keys", "openai"), ("api_keys", "anthropic"), ("api_keys", "deepgram"),
    ];

    private static readonly (string Section, string Key)[] OddKeys =
    [
        ("my section", "k"), ("security", "true"), ("admin", "key with space"), ("api_keys", "123"), ("services", "x:y"), ("ключ", "значение"), ("admin", "#k"),
    ];

    private static readonly string[] SectionNames =
        ["admin", "security", "api_keys", "services", "other", "'security'", "\"admin\"", "'api_keys'", "<<", "? security"];

    private static readonly string[] EntryKeys =
        ["name", "email", "password", "auth_secret_key", "session_secret", "openai", "x", "'password'", "\"email\"", "true", "1", "k k", "<<", "? name"];

    /// <summary>The case of <paramref name="seed"/>.</summary>
    public static SecretsFuzzCase Generate(int seed)
    {
        var random = new Random(seed);
        var before = new Generator(random).Document();
        var requests = Requests(random);
        return Apply(seed, before, requests);
    }

    /// <summary>Runs the additions as a build does: decode the bytes, add, and on USH1006 write nothing.</summary>
    public static SecretsFuzzCase Apply(int seed, string before, IReadOnlyList<SecretsRequest> requests)
    {
        var added = new List<SecretsRequest>();
        var made = new List<SecretsRequest>();
        try
        {
            var document = SecretsDocument.Parse(AtomicFile.DecodeText(Encoding.UTF8.GetBytes(before), keepByteOrderMark: true), FilePath);
            foreach (var request in requests)
            {
                if (document.AddIfMissing(request.Section, request.Key, () =>
                {
                    made.Add(request);
                    return request.Value;
                }))
                {
                    added.Add(request);
                }
            }

            var after = Encoding.UTF8.GetString(AtomicFile.EncodeText(document.Text));
            var problem = Check(before, after, requests, added, made);
            return new SecretsFuzzCase(seed, before, requests, after, added, null, problem);
        }
        catch (UshadowException e) when (e.Diagnostic.Code == DiagnosticCodes.InvalidSecretsFile)
        {
            var problem = e.Message.Contains(SecretMarker, StringComparison.Ordinal) ? "the USH1006 message shows text of the file" : null;
            return new SecretsFuzzCase(seed, before, requests, before, [], e.Message, problem);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new SecretsFuzzCase(seed, before, requests, before, [], null, $"{e.GetType().Name} instead of USH1006: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Ushadow", StringComparison.Ordinal))?.Trim()}");
        }
    }

    /// <summary>The case as text a person can turn into a unit test.</summary>
    public static string Describe(SecretsFuzzCase fuzzCase) =>
        $"seed {fuzzCase.Seed}\n  before:   {EnvFileFuzzer.Show(fuzzCase.Before)}\n" +
        $"  requests: {string.Join(", ", fuzzCase.Requests.Select(r => $"{r.Section}.{r.Key}={EnvFileFuzzer.Show(r.Value)}"))}\n" +
        $"  after:    {EnvFileFuzzer.Show(fuzzCase.After)}\n  refusal:  {fuzzCase.Refusal ?? "none"}";

    /// <summary>YamlDotNet's verdict: exactly the missing keys were added, with their values, and nothing else changed.</summary>
    private static string? Check(string before, string after, IReadOnlyList<SecretsRequest> requests, List<SecretsRequest> added, List<SecretsRequest> made)
    {
        if (made.Count != added.Count)
        {
            return $"asked for {made.Count} values but added {added.Count}";
        }

        if (added.Count == 0 && after != before)
        {
            return "nothing was added, yet the text changed";
        }

        YamlTree? old, now;
        try
        {
            old = YamlTree.Read(before);
        }
        catch (YamlException)
        {
            return "the editor accepted a text YamlDotNet cannot read";
        }

        try
        {
            now = YamlTree.Read(after);
        }
        catch (YamlException e)
        {
            return $"YamlDotNet cannot read the text after the edit (line {e.Start.Line})";
        }

        var expected = old?.Clone() ?? YamlTree.NewMapping();
        if (expected.Kind != 'M')
        {
            return "the editor accepted a top level that is not a mapping";
        }

        foreach (var request in requests)
        {
            var missing = Missing(expected, request);
            var wasAdded = added.Contains(request);
            if (missing != wasAdded)
            {
                return $"{request.Section}.{request.Key} is {(missing ? "missing" : "present")}, but the editor {(wasAdded ? "added" : "did not add")} it";
            }

            if (missing)
            {
                Add(expected, request);
            }
        }

        var want = expected.Describe();
        var got = now?.Describe() ?? YamlTree.NewMapping().Describe();
        return want == got ? null : $"YamlDotNet reads {got}, expected {want}";
    }

    private static bool Missing(YamlTree root, SecretsRequest request)
    {
        var section = root.Find(request.Section);
        if (section is null || section.IsEmpty)
        {
            return true;
        }

        var entry = section.Kind == 'M' ? section.Find(request.Key) : null;
        return entry is null || entry.IsEmpty;
    }

    private static void Add(YamlTree root, SecretsRequest request)
    {
        var value = YamlTree.NewScalar(request.Value, plain: false);
        var index = root.IndexOf(request.Section);
        if (index < 0)
        {
            root.Pairs.Add((YamlTree.NewScalar(request.Section, plain: true), YamlTree.NewMapping()));
            index = root.Pairs.Count - 1;
        }
        else if (root.Pairs[index].Value.IsEmpty)
        {
            root.Pairs[index] = (root.Pairs[index].Key, YamlTree.NewMapping());
        }

        var section = root.Pairs[index].Value;
        var at = section.IndexOf(request.Key);
        if (at < 0)
        {
            section.Pairs.Add((YamlTree.NewScalar(request.Key, plain: true), value));
        }
        else
        {
            section.Pairs[at] = (section.Pairs[at].Key, value);
        }
    }

    private static List<SecretsRequest> Requests(Random random)
    {
        var requests = new List<SecretsRequest>();
        var count = random.Next(1, 7);
        for (var i = 0; i < count; i++)
        {
            var (section, key) = random.Next(12) == 0 ? OddKeys[random.Next(OddKeys.Length)] : BuildKeys[random.Next(BuildKeys.Length)];
            if (requests.Any(r => r.Section == section && r.Key == key))
            {
                continue;
            }

            requests.Add(new SecretsRequest(section, key, Secret(random)));
        }

        return requests;
    }

    private static string Secret(Random random) => random.Next(10) switch
    {
        < 4 => Convert.ToBase64String(BitConverter.GetBytes(random.NextInt64())).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        4 => "admin@example.com",
        5 => "Administrator",
        6 => "",
        _ => Pick(random, "p\"a:ss#\n word\\", "yes", "~", "null", "- x", "&a", "*a", "%x", "@x", "`x", "a\u2028b", "x\u0085y", "\tx", "\ufeffx",
            " lead", "trail ", "'q'", "\"", "é日本\U0001F600", "a: b", "# c", "|", ">", "[a]", "{a: 1}", "0x1F", "1e3", "2001-01-01", "\0", "line\r\nbreak"),
    };

    private static string Pick(Random random, params string[] items) => items[random.Next(items.Length)];

    /// <summary>Writes one document: a top level, sections, entries, with comments and odd layout between them.</summary>
    private sealed class Generator(Random random)
    {
        private readonly StringBuilder _text = new();
        private readonly List<string> _anchors = [];
        private readonly HashSet<string> _usedSections = [];
        private string _eol = "\n";

        public string Document()
        {
            _eol = random.Next(5) == 0 ? "\r\n" : "\n";
            if (random.Next(15) == 0)
            {
                _text.Append('\uFEFF');
            }

            switch (random.Next(20))
            {
                case 0: _text.Append("%YAML 1.1").Append(Eol()).Append("---").Append(Eol()); break;
                case 1 or 2: _text.Append(Pick(random, "---", "--- # start", "---  ")).Append(Eol()); break;
            }

            Comments(0);
            switch (random.Next(25))
            {
                case 0: _text.Append(Pick(random, "{admin: {name: x}, security: {}}", "{}", "[a, b]", "- admin", "just a scalar", "~", "'quoted'")).Append(Eol()); break;
                case 1: break; // comments only, or nothing
                default:
                    var indent = random.Next(12) == 0 ? PickNumber(random, 1, 2, 4) : 0;
                    var sections = random.Next(0, 6);
                    for (var i = 0; i < sections; i++)
                    {
                        Section(indent);
                    }

                    break;
            }

            switch (random.Next(20))
            {
                case 0: _text.Append("...").Append(Eol()); break;
                case 1: _text.Append("---").Append(Eol()).Append("other: doc").Append(Eol()); break;
                case 2: _text.Append("...").Append(Eol()).Append("# after the end").Append(Eol()); break;
            }

            if (random.Next(6) == 0 && _text.Length > 0 && _text[^1] == '\n')
            {
                // No line break at the end of the file.
                _text.Length -= _text.Length > 1 && _text[^2] == '\r' ? 2 : 1;
            }

            return _text.ToString();
        }

        private string Eol() => random.Next(30) == 0 ? (_eol == "\n" ? "\r\n" : "\n") : _eol;

        private static int PickNumber(Random random, params int[] items) => items[random.Next(items.Length)];

        private void Comments(int indent)
        {
            while (random.Next(4) == 0)
            {
                _text.Append(random.Next(3) == 0 ? "" : new string(' ', random.Next(2) == 0 ? indent : 0) + Pick(random, "# comment", "#", "# admin:", "#\tS3KR1T tab", "  # deeper"))
                    .Append(Eol());
            }
        }

        private string Anchor()
        {
            var name = "a" + _anchors.Count;
            _anchors.Add(name);
            return "&" + name;
        }

        private void Section(int indent)
        {
            var step = PickNumber(random, 2, 2, 2, 4, 1, 3);
            var name = Pick(random, SectionNames);
            if ((_usedSections.Contains(name) || name.StartsWith('?') || name == "<<") && random.Next(5) > 0)
            {
                name = Pick(random, SectionNames[..^2]); // duplicates, merge keys and '?' keys stay, but rarer
            }

            _usedSections.Add(name);
            _text.Append(' ', indent).Append(name).Append(':');
            if (name == "<<")
            {
                // A merge key at the top: the sections of another mapping, unless overridden.
                _text.Append(' ').Append(_anchors.Count > 0 && random.Next(4) > 0 ? "*" + _anchors[random.Next(_anchors.Count)] : "{security: {session_secret: merged}}").Append(Eol());
                return;
            }

            var decoration = random.Next(10) switch
            {
                0 => " " + Anchor(),
                1 => " !!map",
                2 => " # section comment",
                3 => "  ",
                _ => "",
            };
            _text.Append(decoration);
            if (decoration.StartsWith(" #", StringComparison.Ordinal) || decoration.Trim().Length == 0 || random.Next(12) != 0)
            {
                _text.Append(Eol());
                Comments(indent + step);
                var entries = random.Next(0, 5);
                for (var i = 0; i < entries; i++)
                {
                    Entry(indent + step, depth: 0);
                }
            }
            else
            {
                // A section whose value is on its own line: flow map, list, scalar, alias.
                _text.Append(' ').Append(Pick(random, "{name: x, email: y}", "{}", "[a, b]", "[]", "plain", "''", "~", _anchors.Count > 0 ? "*" + _anchors[^1] : "x")).Append(Eol());
            }

            Comments(indent);
        }

        private void Entry(int indent, int depth)
        {
            var key = Pick(random, EntryKeys);
            if ((key.StartsWith('?') || key == "<<") && random.Next(5) > 0)
            {
                key = Pick(random, EntryKeys[..^2]);
            }

            _text.Append(' ', indent).Append(key);
            if (key == "<<")
            {
                _text.Append(": ").Append(_anchors.Count > 0 && random.Next(4) > 0 ? "*" + _anchors[random.Next(_anchors.Count)] : "{email: merged, x: 1}").Append(Eol());
                return;
            }

            if (random.Next(25) == 0)
            {
                _text.Append(' '); // space before the colon
            }

            _text.Append(':');
            Value(indent, depth);
        }

        private void Value(int indent, int depth)
        {
            var roll = random.Next(depth > 1 ? 14 : 18);
            switch (roll)
            {
                case 0:
                    _text.Append(Eol()); // nothing after the colon
                    return;
                case 1:
                    _text.Append(random.Next(3) == 0 ? "\t" : " ").Append(Pick(random, "\"\"", "''", "~", "null")).Append(Eol());
                    return;
                case 2 or 3:
                    var indicator = Pick(random, "|", "|-", "|+", ">", ">-", "|2", ">+");
                    _text.Append(' ').Append(indicator).Append(random.Next(4) == 0 ? " # block" : "").Append(Eol());
                    var lines = random.Next(1, 4);
                    for (var i = 0; i < lines; i++)
                    {
                        _text.Append(' ', indent + 2).Append(Pick(random, "S3KR1T line", "  more indented", "key: not a key", "# not a comment", random.Next(6) == 0 ? "\ttab inside" : "tab\tinside", "")).Append(Eol());
                    }

                    if (random.Next(3) == 0)
                    {
                        _text.Append(Eol()); // trailing blank line: kept by '|+'
                    }

                    return;
                case 4:
                    _text.Append(' ').Append(Pick(random, "[a, b]", "{x: 1, y: [2]}", "[]", "{}", "[S3KR1T, {k: v}]")).Append(Eol());
                    return;
                case 5:
                    _text.Append(' ').Append(Anchor()).Append(' ').Append(Scalar()).Append(Eol());
                    return;
                case 6 when _anchors.Count > 0:
                    _text.Append(' ').Append('*').Append(_anchors[random.Next(_anchors.Count)]).Append(Eol());
                    return;
                case 7:
                    _text.Append(' ').Append(Pick(random, "!!str 123", "!!str", "!!binary aGVsbG8=", "!!float 1", "!!null ''", random.Next(4) == 0 ? "!custom S3KR1T" : "!!str S3KR1T")).Append(Eol());
                    return;
                case 8:
                    // A plain scalar continued on the next line.
                    _text.Append(" S3KR1T first").Append(Eol()).Append(' ', indent + 2).Append("continued").Append(Eol());
                    return;
                case 9 or 10 when depth < 2:
                    // A nested block mapping, perhaps anchored.
                    _text.Append(random.Next(5) == 0 ? " " + Anchor() : "").Append(Eol());
                    var entries = random.Next(1, 4);
                    var step = PickNumber(random, 2, 2, 4, 1);
                    for (var i = 0; i < entries; i++)
                    {
                        Entry(indent + step, depth + 1);
                    }

                    return;
                case 11 when depth < 2:
                    // A block list, indented or not.
                    _text.Append(Eol());
                    var items = random.Next(1, 4);
                    var itemIndent = indent + (random.Next(2) == 0 ? 0 : 2);
                    for (var i = 0; i < items; i++)
                    {
                        _text.Append(' ', itemIndent).Append("- ").Append(Scalar()).Append(Eol());
                    }

                    return;
                case 12:
                    _text.Append(random.Next(2) == 0 ? "\t" : " ").Append(Scalar()).Append(Pick(random, "", "", " # note S3KR1T", "\t# tab comment", "  ")).Append(Eol());
                    return;
                default:
                    _text.Append(' ').Append(Scalar()).Append(random.Next(5) == 0 ? " # c" : "").Append(Eol());
                    return;
            }
        }

        // Mostly scalars both parsers read; one in eight is odd or broken (unclosed quotes, indicators, undefined aliases).
        private string Scalar() => random.Next(8) > 0
            ? Pick(random,
                "S3KR1T-plain", "sk-123", "a b c", "123", "1.5", "true", "yes", "off", "2001-01-01", "http://h:8/p", "a#b", "x:y",
                "'it''s S3KR1T'", "'a: b # c'", "\"esc \\\" \\n \\t \\u00e9 S3KR1T\"", "\"\"", "''", "é日本", "\"\\x41\\u263A\"", "\\x", "~", "0o17", ".inf")
            : Pick(random, "\"multi", "'", "a: b", "- x", "@bad", "`bad", "%bad", "[unclosed", "{unclosed", "*undefined", "&only", "!tag", "|", ">", "? q");
    }
}

/// <summary>A YAML node as YamlDotNet's parser reads it, with aliases written out in full (so sharing shows as change).</summary>
internal sealed class YamlTree
{
    /// <summary>'S' scalar, 'M' mapping, 'Q' sequence.</summary>
    public char Kind { get; private init; }

    public string Value { get; private init; } = "";

    public bool Plain { get; private init; }

    public string Tag { get; private init; } = "";

    public List<(YamlTree Key, YamlTree Value)> Pairs { get; } = [];

    public List<YamlTree> Items { get; } = [];

    /// <summary><c>key:</c> with nothing after it (no tag, no anchor): what the editor fills in.</summary>
    public bool IsEmpty { get; private init; }

    public static YamlTree NewMapping() => new() { Kind = 'M' };

    public static YamlTree NewScalar(string value, bool plain) => new() { Kind = 'S', Value = value, Plain = plain };

    /// <summary>The root of the single document of <paramref name="text"/>; null when it has none or only an empty one.</summary>
    /// <exception cref="YamlException">Not YAML, or more than one document.</exception>
    public static YamlTree? Read(string text)
    {
        var parser = new Parser(new StringReader(text.TrimStart('\uFEFF')));
        var anchors = new Dictionary<string, YamlTree?>();
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var root = Node(parser, anchors, 0);
        parser.Consume<DocumentEnd>();
        if (!parser.TryConsume<StreamEnd>(out _))
        {
            throw new YamlException("more than one document");
        }

        return root.IsEmpty ? null : root;
    }

    public int IndexOf(string key) => Pairs.FindIndex(p => p.Key.Kind == 'S' && p.Key.Value == key);

    public YamlTree? Find(string key) => IndexOf(key) is var i and >= 0 ? Pairs[i].Value : null;

    public YamlTree Clone()
    {
        var copy = new YamlTree { Kind = Kind, Value = Value, Plain = Plain, Tag = Tag, IsEmpty = IsEmpty };
        copy.Pairs.AddRange(Pairs.Select(p => (p.Key.Clone(), p.Value.Clone())));
        copy.Items.AddRange(Items.Select(i => i.Clone()));
        return copy;
    }

    /// <summary>A canonical text: kind, tag, plainness, value, children in order (duplicates kept). Keys compare as scalars only.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        Describe(text);
        return text.ToString();
    }

    private void Describe(StringBuilder text)
    {
        text.Append('!').Append(Tag).Append(';');
        switch (Kind)
        {
            case 'S':
                text.Append(Plain ? 'P' : 'Q').Append(Value.Length).Append(':').Append(EnvFileFuzzer.Show(Value));
                break;
            case 'M':
                text.Append('{');
                foreach (var (key, value) in Pairs)
                {
                    // A key the editor wrote is plain or double-quoted; either way it is the same string key.
                    (key.Kind == 'S' ? NewScalar(key.Value, plain: true) : key).Describe(text);
                    text.Append(": ");
                    value.Describe(text);
                    text.Append(", ");
                }

                text.Append('}');
                break;
            default:
                text.Append('[');
                foreach (var item in Items)
                {
                    item.Describe(text);
                    text.Append(", ");
                }

                text.Append(']');
                break;
        }
    }

    private static YamlTree Node(IParser parser, Dictionary<string, YamlTree?> anchors, int depth)
    {
        if (depth > 64)
        {
            throw new YamlException("nested too deep");
        }

        var current = parser.Current!;
        parser.MoveNext();
        YamlTree node;
        switch (current)
        {
            case Scalar scalar:
                node = new YamlTree
                {
                    Kind = 'S',
                    Value = scalar.Value,
                    Plain = scalar.Style == ScalarStyle.Plain,
                    Tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value,
                    IsEmpty = scalar.Style == ScalarStyle.Plain && scalar.Value.Length == 0 && scalar.Tag.IsEmpty && scalar.Anchor.IsEmpty,
                };
                Remember(scalar.Anchor, node);
                return node;
            case AnchorAlias alias:
                // An alias inside its own anchor's node (a recursive document) stays a name.
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target?.Clone() ?? NewScalar("*" + alias.Value.Value, plain: false)
                    : throw new YamlException(alias.Start, alias.End, "alias to an unknown anchor");
            case MappingStart mapping:
                Open(mapping.Anchor);
                node = new YamlTree { Kind = 'M', Tag = mapping.Tag.IsEmpty ? "" : mapping.Tag.Value };
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = Node(parser, anchors, depth + 1);
                    node.Pairs.Add((key, Node(parser, anchors, depth + 1)));
                }

                Remember(mapping.Anchor, node);
                return node;
            case SequenceStart sequence:
                Open(sequence.Anchor);
                node = new YamlTree { Kind = 'Q', Tag = sequence.Tag.IsEmpty ? "" : sequence.Tag.Value };
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    node.Items.Add(Node(parser, anchors, depth + 1));
                }

                Remember(sequence.Anchor, node);
                return node;
            default:
                throw new YamlException(current.Start, current.End, "unexpected event");
        }

        void Open(AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = null;
            }
        }

        void Remember(AnchorName anchor, YamlTree value)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = value.Clone();
            }
        }
    }
}
