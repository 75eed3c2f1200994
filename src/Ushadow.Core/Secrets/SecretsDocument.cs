using Ushadow.Core.Diagnostics;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Secrets;

/// <summary>
/// An editor of <c>secrets.yaml</c>. The build only adds (it inserts missing <c>key: value</c> lines as text);
/// the tool may also replace one scalar (<see cref="Replace"/>). Every other byte (comments, foreign keys, order,
/// quoting) is kept; the document is never re-serialized. After each edit the text is parsed again and compared
/// with what was meant, so an edit changes exactly what it says.
/// </summary>
/// <remarks>
/// Errors carry <see cref="DiagnosticCodes.InvalidSecretsFile"/> and name the file and line, never any
/// text of the file (it holds secrets).
/// </remarks>
internal sealed class SecretsDocument
{
    private const int DefaultIndentation = 2;

    private const char ByteOrderMark = '\uFEFF';

    private readonly string _original;
    private readonly string _byteOrderMark;
    private string _text;
    private YamlOutline _outline;

    private SecretsDocument(string? text, string filePath)
    {
        FilePath = filePath;
        IsNew = string.IsNullOrWhiteSpace(text);
        _original = text ?? "";
        // YamlDotNet would read a BOM as part of the first key; it is kept aside and written back unchanged.
        _byteOrderMark = _original.StartsWith(ByteOrderMark) ? ByteOrderMark.ToString() : "";
        _text = _original[_byteOrderMark.Length..];
        _outline = YamlOutline.Read(_text, filePath);
        if (_outline.Root is { } root && !root.IsBlockMapping)
        {
            var what = root.Kind switch
            {
                YamlNodeKind.Mapping => "the top level is a flow mapping ('{...}')",
                YamlNodeKind.Sequence => "the top level is a list",
                _ => "the top level is a single value",
            };
            throw YamlOutline.Invalid(filePath, root.Line,
                $"{what}; secrets.yaml must be a block mapping of sections, one 'section:' per line followed by indented 'key: value' lines");
        }
    }

    /// <summary>Parses the content of a secrets file.</summary>
    /// <param name="text">The file's text, or <c>null</c> when the file does not exist (an empty document).</param>
    /// <param name="filePath">The file's path, named in error messages.</param>
    /// <exception cref="UshadowException">The text is not valid YAML or its top level is not a block mapping.</exception>
    public static SecretsDocument Parse(string? text, string filePath) => new(text, filePath);

    /// <summary>The file's path, as given to <see cref="Parse"/>.</summary>
    public string FilePath { get; }

    /// <summary>Whether the file did not exist or was blank when parsed (it then gets the full structure).</summary>
    public bool IsNew { get; }

    /// <summary>The current text: the original with every addition.</summary>
    public string Text => _byteOrderMark + _text;

    /// <summary>Whether anything was added since <see cref="Parse"/>.</summary>
    public bool Changed => !string.Equals(Text, _original, StringComparison.Ordinal);

    /// <summary>
    /// The scalar <c>section.key</c>; <c>null</c> when the section or key is absent, when the value is null
    /// or the empty string, or when it is not a scalar.
    /// </summary>
    /// <exception cref="UshadowException">The section exists but is not a block mapping, or a name occurs twice.</exception>
    public string? Get(string section, string key)
    {
        var entry = FindEntry(section, key);
        return entry is { Kind: YamlNodeKind.Scalar, IsNullOrEmptyScalar: false } ? entry.Value : null;
    }

    /// <summary>
    /// Adds <c>section.key</c> with <paramref name="value"/> unless the key is present. A key with nothing after
    /// its colon counts as missing and is filled in place; any other existing value (even <c>""</c> or
    /// <c>~</c>, which could only be filled by rewriting it) counts as present. A missing section is appended.
    /// </summary>
    /// <returns>Whether the value was added.</returns>
    /// <exception cref="UshadowException">
    /// The section exists but is not a block mapping, a name occurs twice, or the addition cannot be made
    /// without changing other content.
    /// </exception>
    public bool AddIfMissing(string section, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AddIfMissing(section, key, () => value);
    }

    /// <summary>
    /// As <see cref="AddIfMissing(string, string, string)"/>, asking for the value only when it is added: a random
    /// secret is made only for a key that is missing (and a build with nothing missing never starts the RNG).
    /// </summary>
    public bool AddIfMissing(string section, string key, Func<string> makeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(makeValue);

        string? made = null;
        string Value() => made ??= makeValue();
        var lineBreak = LineBreak;
        string EntryLine() => $"{YamlScalarText.Key(key)}: {YamlScalarText.Quote(Value())}{lineBreak}";
        var root = _outline.Root;
        var sectionPair = FindSection(section);
        int at;
        string insertion;
        if (sectionPair is null)
        {
            RefuseMergeKey(root, $"a new section '{section}'");
            at = _outline.AppendIndex;
            var top = root?.Column ?? 0;
            insertion = Spaces(top) + YamlScalarText.Key(section) + ":" + lineBreak + Spaces(top + ChildIndentation) + EntryLine();
            if (at > 0 && _text[at - 1] != '\n')
            {
                insertion = lineBreak + insertion;
            }
        }
        else if (sectionPair.Value.Value.Kind == YamlNodeKind.Scalar)
        {
            // 'section:' with nothing after it: the first entry goes on the next line.
            at = StartOfLineAfter(sectionPair.Value.Key.ContentEnd, lineBreak, out var prefix);
            insertion = prefix + Spaces(root!.Column + ChildIndentation) + EntryLine();
        }
        else
        {
            var mapping = sectionPair.Value.Value;
            var entry = FindUnique(mapping, key, $"key '{key}' of section '{section}'");
            if (entry is null)
            {
                RefuseMergeKey(mapping, $"a new key '{section}.{key}'");
                at = StartOfLineAfter(mapping.ContentEnd, lineBreak, out var prefix);
                insertion = prefix + Spaces(mapping.Column) + EntryLine();
            }
            else if (entry.Value.Value.IsEmptyScalar && ColonAfter(entry.Value.Key) is { } colon)
            {
                at = colon + 1;
                insertion = " " + YamlScalarText.Quote(Value());
            }
            else
            {
                return false;
            }
        }

        Apply(at, insertion, $"'{section}.{key}'", expected => AddTo(expected, section, key, Value()));
        return true;
    }

    /// <summary>
    /// Sets the scalar <c>section.key</c> to <paramref name="value"/>: an existing value is replaced by editing only
    /// that scalar's text (its quoting becomes double quotes; comments after it, other keys and every other byte
    /// stay); a missing one is added as <see cref="AddIfMissing(string, string, string)"/> does. The result is parsed again and must differ
    /// from the old content in that value only.
    /// </summary>
    /// <returns>Whether the text changed (<c>false</c> when the value was already <paramref name="value"/>).</returns>
    /// <exception cref="UshadowException">
    /// The section or value is not something a value can be written into (a list, a mapping, an alias), a name
    /// occurs twice, or the edit would change other content.
    /// </exception>
    public bool Replace(string section, string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);

        var entry = FindEntry(section, key);
        if (entry is null || entry.IsEmptyScalar)
        {
            return AddIfMissing(section, key, value);
        }
        if (entry.Kind != YamlNodeKind.Scalar || entry.ContentStart < 0)
        {
            throw YamlOutline.Invalid(FilePath, entry.Line,
                $"'{section}.{key}' is not a single value (a list, a mapping or an alias); replace it by hand");
        }
        if (entry.Anchor is not null)
        {
            throw YamlOutline.Invalid(FilePath, entry.Line,
                $"'{section}.{key}' carries an anchor ('&') that aliases elsewhere may refer to; replace it by hand");
        }
        if (entry.Value == value)
        {
            return false; // already this value: no byte changes, whatever its quoting
        }
        var start = entry.ContentStart;
        var end = entry.ContentEnd;
        // A block scalar ('|', '>') ends after its line breaks; they stay, so the next line keeps its place.
        while (end > start && _text[end - 1] is '\n' or '\r')
        {
            end--;
        }
        Apply(start, end - start, YamlScalarText.Quote(value), $"'{section}.{key}'", expected => AddTo(expected, section, key, value), "replace");
        return true;
    }

    /// <summary>
    /// Appends <paramref name="yaml"/> (comments and new top-level sections, '\n' line breaks) at the end of
    /// the document. Used to lay out a new file.
    /// </summary>
    internal void AppendVerbatim(string yaml)
    {
        var insertion = yaml.Replace("\n", LineBreak, StringComparison.Ordinal);
        var at = _outline.AppendIndex;
        if (at > 0 && _text[at - 1] != '\n')
        {
            insertion = LineBreak + insertion;
        }
        var added = YamlOutline.Read(yaml, FilePath).Root;
        Apply(at, insertion, "new sections", expected =>
        {
            if (added is null)
            {
                return expected;
            }
            expected ??= YamlNode.NewMapping();
            expected.Pairs.AddRange(added.Pairs);
            return expected;
        });
    }

    private string LineBreak => _text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>The indentation step of the file: that of its first block-mapping section, else 2.</summary>
    private int ChildIndentation
    {
        get
        {
            if (_outline.Root is { } root)
            {
                foreach (var pair in root.Pairs)
                {
                    if (pair.Value.IsBlockMapping && pair.Value.Column > root.Column)
                    {
                        return pair.Value.Column - root.Column;
                    }
                }
            }
            return DefaultIndentation;
        }
    }

    private static string Spaces(int count) => new(' ', count);

    /// <summary>
    /// Refuses to add a key to a mapping with a merge key (<c>&lt;&lt;: *base</c>): YAML 1.1 readers (PyYAML, YamlDotNet's
    /// merging deserializer) take keys from the merged mapping unless the mapping has its own, so a new key would hide a
    /// merged one (a new section would hide all its merged keys).
    /// </summary>
    private void RefuseMergeKey(YamlNode? mapping, string what)
    {
        var merge = mapping?.Pairs.FirstOrDefault(pair => pair.Key is { Kind: YamlNodeKind.Scalar, IsPlain: true, Value: "<<" }).Key;
        if (merge is not null)
        {
            throw YamlOutline.Invalid(FilePath, merge.Line,
                $"this mapping takes keys from a merge key ('<<'), and {what} would hide the merged one from YAML 1.1 readers (PyYAML); add it by hand");
        }
    }

    /// <summary>Where a line after the content ending at <paramref name="contentEnd"/> starts.</summary>
    private int StartOfLineAfter(int contentEnd, string lineBreak, out string prefix)
    {
        prefix = "";
        if (contentEnd == 0 || _text[contentEnd - 1] == '\n')
        {
            return contentEnd;
        }
        var nextBreak = _text.IndexOf('\n', contentEnd);
        if (nextBreak >= 0)
        {
            return nextBreak + 1;
        }
        prefix = lineBreak;
        return _text.Length;
    }

    /// <summary>The index of the ':' right after an implicit key on the same line, if there is one.</summary>
    private int? ColonAfter(YamlNode key)
    {
        var index = key.ContentEnd;
        while (index >= 0 && index < _text.Length && _text[index] is ' ' or '\t')
        {
            index++;
        }
        return index >= 0 && index < _text.Length && _text[index] == ':' ? index : null;
    }

    /// <summary>The section's pair; null when absent. Throws when the section is unusable.</summary>
    private KeyValuePair<YamlNode, YamlNode>? FindSection(string section)
    {
        if (_outline.Root is not { } root)
        {
            return null;
        }
        var pair = FindUnique(root, section, $"section '{section}'");
        if (pair is not { Value: var value } || value.IsBlockMapping || value.IsEmptyScalar)
        {
            return pair;
        }
        var what = value.Kind switch
        {
            YamlNodeKind.Mapping => "a flow mapping ('{...}')",
            YamlNodeKind.Sequence => "a list",
            YamlNodeKind.Alias => "an alias",
            _ => "a single value",
        };
        throw YamlOutline.Invalid(FilePath, pair.Value.Key.Line,
            $"section '{section}' is {what}, not a block mapping; write '{section}:' on its own line followed by indented 'key: value' lines");
    }

    private YamlNode? FindEntry(string section, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var pair = FindSection(section);
        if (pair is not { Value: { IsBlockMapping: true } mapping })
        {
            return null;
        }
        return FindUnique(mapping, key, $"key '{key}' of section '{section}'")?.Value;
    }

    /// <summary>The one pair with <paramref name="key"/>; YAML forbids a key twice and readers disagree on which wins.</summary>
    private KeyValuePair<YamlNode, YamlNode>? FindUnique(YamlNode mapping, string key, string what)
    {
        var first = mapping.IndexOfKey(key);
        if (first < 0)
        {
            return null;
        }
        var second = mapping.IndexOfKey(key, first + 1);
        if (second >= 0)
        {
            throw YamlOutline.Invalid(FilePath, mapping.Pairs[second].Key.Line,
                $"{what} appears a second time (first on line {mapping.Pairs[first].Key.Line}); keep only one");
        }
        return mapping.Pairs[first];
    }

    /// <summary>
    /// Inserts the text, parses the result and checks it equals the old content changed by
    /// <paramref name="expect"/>; otherwise nothing changes and the caller gets an error.
    /// </summary>
    private void Apply(int at, string insertion, string what, Func<YamlNode?, YamlNode?> expect) =>
        Apply(at, 0, insertion, what, expect, "add");

    /// <summary>Replaces <paramref name="removeLength"/> characters at <paramref name="at"/> by <paramref name="insertion"/>, with the same check.</summary>
    private void Apply(int at, int removeLength, string insertion, string what, Func<YamlNode?, YamlNode?> expect, string verb)
    {
        var text = _text.Remove(at, removeLength).Insert(at, insertion);
        var line = 1 + _text.AsSpan(0, at).Count('\n');
        YamlOutline outline;
        try
        {
            outline = YamlOutline.Read(text, FilePath);
        }
        catch (UshadowException)
        {
            throw CannotEdit(line, what, verb);
        }
        var expected = expect(YamlOutline.Read(_text, FilePath).Root);
        if (YamlNode.Describe(expected) != YamlNode.Describe(outline.Root))
        {
            throw CannotEdit(line, what, verb);
        }
        _text = text;
        _outline = outline;
    }

    private UshadowException CannotEdit(int line, string what, string verb) =>
        YamlOutline.Invalid(FilePath, line, verb == "add"
            ? $"cannot add {what} here without changing what the file already holds (e.g. right after a block scalar kept with '|+'); add it by hand"
            : $"cannot {verb} {what} without changing what the file already holds (e.g. a value with a tag or an anchor); {verb} it by hand");

    /// <summary>The content expected after adding <c>section.key: value</c> to <paramref name="root"/>.</summary>
    private static YamlNode AddTo(YamlNode? root, string section, string key, string value)
    {
        root ??= YamlNode.NewMapping();
        var entry = new KeyValuePair<YamlNode, YamlNode>(
            YamlNode.NewScalar(key, YamlScalarText.IsSimpleKey(key)), YamlNode.NewScalar(value, plain: false));
        var sectionIndex = root.IndexOfKey(section);
        if (sectionIndex < 0)
        {
            var mapping = YamlNode.NewMapping();
            mapping.Pairs.Add(entry);
            root.Pairs.Add(new(YamlNode.NewScalar(section, YamlScalarText.IsSimpleKey(section)), mapping));
            return root;
        }
        var sectionPair = root.Pairs[sectionIndex];
        if (!sectionPair.Value.IsBlockMapping)
        {
            var mapping = YamlNode.NewMapping();
            mapping.Pairs.Add(entry);
            root.Pairs[sectionIndex] = new(sectionPair.Key, mapping);
            return root;
        }
        var entries = sectionPair.Value.Pairs;
        var keyIndex = sectionPair.Value.IndexOfKey(key);
        if (keyIndex < 0)
        {
            entries.Add(entry);
        }
        else
        {
            entries[keyIndex] = new(entries[keyIndex].Key, entry.Value);
        }
        return root;
    }
}
