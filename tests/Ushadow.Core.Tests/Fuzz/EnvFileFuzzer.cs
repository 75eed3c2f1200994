using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Fuzz;

/// <summary>One generated <c>.env</c> case: the file before, the edit, the file after (or the editor's exception).</summary>
/// <param name="Seed">The case's own seed: <see cref="EnvFileFuzzer.Generate"/> of it gives the same case.</param>
/// <param name="Before">The file's text as python-dotenv reads its bytes (a byte-order mark is a leading U+FEFF).</param>
/// <param name="Edits">The keys set, in order, with their new values.</param>
/// <param name="After">The text written back, decoded the same way; null when the editor threw.</param>
/// <param name="Refusal">
/// The USH1007 message when the editor refused because no quoting of a value that needs quotes reads back without
/// changing another line (an unclosed quote earlier in the file); nothing is written then.
/// </param>
/// <param name="Problem">What the harness itself saw go wrong (an exception, a Get that disagrees), or null.</param>
internal sealed record EnvFuzzCase(int Seed, string Before, IReadOnlyList<KeyValuePair<string, string>> Edits, string? After, string? Refusal, string? Problem);

/// <summary>
/// Generates <c>.env</c> documents full of what people and other tools write (quotes, escapes, <c>export</c>, comments,
/// CR/LF/CRLF, a byte-order mark, duplicates, unicode, junk) and applies the edit a build makes. The verdict on
/// each case is python-dotenv's (build/fuzz/oracle.py); this side only records what the editor did.
/// </summary>
internal static class EnvFileFuzzer
{
    /// <summary>The keys the package owns (README, What gets written), with the default port keys.</summary>
    public static readonly string[] OwnedKeys =
        ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "REDIS_ISOLATION", "REDIS_KEY_PREFIX", "REDIS_USERNAME", "PORT_OFFSET", "BACKEND_PORT", "WEBUI_PORT"];

    // Few names, so duplicates (foreign and owned) are common; some look like owned keys but are not.
    private static readonly string[] ForeignKeys =
        ["API_URL", "SECRET", "X", "lower_key", "db.host", "ENV_NAME_OLD", "MY_ENV_NAME", "env_name", "PORT", "ключ", "KÉY", "a-b", "ENV_NAME2"];

    private static readonly string[] Eols = ["\n", "\n", "\n", "\n", "\r\n", "\r\n", "\r"];

    // Pieces of values: plain, blanks python strips or keeps, quotes, escapes, '#', '=', '$', unicode, separators.
    private static readonly string[] ValueAtoms =
    [
        "a", "dev", "x1", "http://h:8/p?q=1", "=", "==", "#", " #", "# c", " ", "  ", "\t", "'", "\"", "\\", "\\\\", "\\'", "\\\"",
        "\\n", "\\t", "\\x", "${OTHER}", "$HOME", "é", "日本", "\U0001F600", "\u00a0", "\u2028", "\u0085", "\u001c", "\v", "\f",
        "ENV_NAME=inside", "export", " = ", ",", ";", "`", "\0",
    ];

    /// <summary>The case of <paramref name="seed"/>: the same seed gives the same case on every machine.</summary>
    public static EnvFuzzCase Generate(int seed)
    {
        var random = new Random(seed);
        var before = Document(random);
        var edits = Edits(random);
        return Apply(seed, before, edits);
    }

    /// <summary>Runs the edit on <paramref name="before"/> as a build does: read the bytes, Set each key, write the text.</summary>
    public static EnvFuzzCase Apply(int seed, string before, IReadOnlyList<KeyValuePair<string, string>> edits)
    {
        var current = "";
        try
        {
            var bytes = Encoding.UTF8.GetBytes(before); // a leading U+FEFF is the byte-order mark
            var document = EnvFileDocument.Parse(AtomicFile.DecodeText(bytes, keepByteOrderMark: true));
            foreach (var (key, value) in edits)
            {
                current = value;
                document.Set(key, value);
            }

            var after = Encoding.UTF8.GetString(AtomicFile.EncodeText(document.Text));
            var reread = EnvFileDocument.Parse(after);
            var wrong = edits.GroupBy(e => e.Key).Select(g => g.Last()).FirstOrDefault(e => reread.Get(e.Key) != e.Value);
            var problem = wrong.Key is null ? null : $"the written text reads {wrong.Key} as {Show(reread.Get(wrong.Key))}, not {Show(wrong.Value)}";
            return new EnvFuzzCase(seed, before, edits, after, null, problem);
        }
        catch (UshadowException e) when (e.Diagnostic.Code == DiagnosticCodes.CannotWrite)
        {
            // Acceptable only for a value that needs quotes: a plain token can always be written bare.
            var token = current.All(c => char.IsAsciiLetterOrDigit(c) || "_.-+@%,:/~^".Contains(c, StringComparison.Ordinal));
            var problem = token ? $"refused although {Show(current)} needs no quotes: {e.Message}" : null;
            return new EnvFuzzCase(seed, before, edits, null, e.Message, problem);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new EnvFuzzCase(seed, before, edits, null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The case as text a person can turn into a unit test.</summary>
    public static string Describe(EnvFuzzCase fuzzCase) =>
        $"seed {fuzzCase.Seed}\n  before: {Show(fuzzCase.Before)}\n  edits:  {string.Join(", ", fuzzCase.Edits.Select(e => $"{e.Key}={Show(e.Value)}"))}\n  after:  {Show(fuzzCase.After)}{(fuzzCase.Refusal is null ? "" : "\n  refusal: " + fuzzCase.Refusal)}";

    /// <summary>A C# literal of <paramref name="text"/>, so a printed case pastes into a test.</summary>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < 0x20 || c is (>= '\u007f' and <= '\u00a0') or '\u2028' or '\u2029' or '\ufeff' || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Document(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(12) == 0)
        {
            text.Append('\uFEFF');
        }

        var lines = random.Next(0, 14);
        for (var i = 0; i < lines; i++)
        {
            text.Append(Line(random));
            // The last line often has no line break; a line break alone is a blank line.
            if (i < lines - 1 || random.Next(3) > 0)
            {
                text.Append(Pick(random, Eols));
            }
        }

        return text.ToString();
    }

    private static string Line(Random random) => random.Next(20) switch
    {
        0 => Pick(random, "", " ", "\t", "  \t "),
        1 => Pick(random, "", "  ", "\t") + "#" + Pick(random, "", " comment", " ENV_NAME=commented", "export REDIS_DATABASE=1", " 'x\" = #", " é"),
        2 => Pick(random, "KEY", "ENV_NAME", "export ENV_NAME", "export", "  export LONELY", "junk words here", "=value", " = ", "\\", "'ENV_NAME'", "export  X", "'open"),
        3 => Assignment(random, Pick(random, OwnedKeys)) + Pick(random, Eols) + Assignment(random, Pick(random, ForeignKeys)),
        >= 4 and < 11 => Assignment(random, Pick(random, ForeignKeys)),
        _ => Assignment(random, Pick(random, OwnedKeys)),
    };

    private static string Assignment(Random random, string key)
    {
        var indent = Pick(random, "", "", "", " ", "\t", "  ");
        var export = Pick(random, "", "", "", "export ", "export\t", "export  ");
        var name = random.Next(15) == 0 ? $"'{key}'" : key;
        var assign = Pick(random, "=", "=", "=", " =", "= ", " = ", "\t=\t", "=  ");
        var value = Value(random);
        var tail = Pick(random, "", "", "", " ", "\t", " # note", "#tight", "  # 'q\" = x", " junk");
        return indent + export + name + assign + value + tail;
    }

    private static string Value(Random random)
    {
        var body = Body(random);
        return random.Next(12) switch
        {
            0 or 1 or 2 or 3 => body,
            4 or 5 or 6 => "'" + body + "'",
            7 or 8 or 9 => "\"" + body + "\"",
            10 => Pick(random, "'", "\"") + body, // unterminated, or closed by a later line's quote
            _ => "\"" + body + Pick(random, Eols) + Body(random) + "\"", // spans lines
        };
    }

    private static string Body(Random random)
    {
        var builder = new StringBuilder();
        var atoms = random.Next(0, 5);
        for (var i = 0; i < atoms; i++)
        {
            builder.Append(Pick(random, ValueAtoms));
        }

        return builder.ToString();
    }

    private static List<KeyValuePair<string, string>> Edits(Random random)
    {
        var edits = new List<KeyValuePair<string, string>>();
        foreach (var key in OwnedKeys)
        {
            if (random.Next(2) == 0)
            {
                edits.Add(new(key, NewValue(random, key)));
            }
        }

        return edits.OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>Mostly what a build writes (names, modes, numbers); one in five a harder value the editor must quote.</summary>
    private static string NewValue(Random random, string key)
    {
        if (random.Next(5) == 0)
        {
            return Pick(random, "", "a b", "x#y", " #c", "it's", "'q'", "é", "日本 語", "a=b", "\u00a0", "tab\u3000wide", "\U0001F600", "#", "'", "''", " lead", "trail ");
        }

        return key switch
        {
            "DATABASE_MODE" => Pick(random, "shared", "isolated"),
            "REDIS_ISOLATION" => Pick(random, "database", "prefix"),
            "REDIS_DATABASE" => random.Next(16).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "PORT_OFFSET" => (random.Next(100) * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "BACKEND_PORT" or "WEBUI_PORT" => random.Next(1024, 65536).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "COMPOSE_PROJECT_NAME" => Pick(random, "shop", "app") + "_" + Name(random),
            _ => Name(random),
        };
    }

    private static string Name(Random random) => Pick(random, "dev", "main", "feature-login", "fix_42", "a", "x-y-z", "0day", "shop");

    private static string Pick(Random random, params string[] items) => items[random.Next(items.Length)];
}
