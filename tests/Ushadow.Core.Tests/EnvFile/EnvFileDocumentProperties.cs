using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ushadow.Core.EnvFile;

namespace Ushadow.Core.Tests.EnvFile;

public class EnvFileDocumentProperties
{
    private static readonly string[] OwnedKeys = ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE"];

    /// <summary>
    /// One generated line. An owned assignment is <c>Before + value + After</c>, so the test knows on
    /// its own what the rewritten line must be.
    /// </summary>
    private sealed record Line(string Content, string Eol, string? OwnedKey = null, string Before = "", string After = "");

    private sealed record Case(IReadOnlyList<Line> Lines, IReadOnlyList<string> NewValues)
    {
        public string Text => string.Concat(Lines.Select(l => l.Content + l.Eol));

        public override string ToString() =>
            $"{Text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal)}\n--> {string.Join(", ", NewValues)}";
    }

    private static readonly Gen<string> Token =
        Gen.Elements("a", "b", "dev", "prod", "feature-x", "v1.2", "my_app", "0", "15", "isolated", "shared", "A-B.c_9")
            .Or(Gen.Elements("abcdefghijklmnopqrstuvwxyzABC0123456789_.-".ToCharArray()).ArrayOf().Select(c => new string(c)).Where(s => s.Length > 0));

    private static readonly Gen<string> Eol = Gen.Elements("\n", "\r\n");

    private static readonly Gen<string> ForeignKey =
        Gen.Elements("API_URL", "SECRET", "MY_ENV_NAME", "ENV_NAME_OLD", "REDIS_DATABASE2", "db.host", "lower_key", "X");

    private static readonly Gen<string> Comment =
        Gen.Elements("# plain comment", "#ENV_NAME=commented-out", "# REDIS_DATABASE = 4", "#", "   # indented 'quote\" = #", "#export DATABASE_MODE=shared");

    private static readonly Gen<string> Blank = Gen.Elements("", " ", "\t", "   \t ");

    // No `\\"` at the end of a double-quoted value: python-dotenv reads `\"` there as an escaped quote
    // and the value runs on to the next `"`, swallowing lines (see the interop tests).
    private static readonly Gen<string> ForeignValue = Gen.Elements(
        "plain", "", "a#no-comment", "value # with comment", "trailing   ", "x=y=z",
        "'single # with = inside'", "'single' # and comment", "\"double # with = inside\"", "\"esc \\\" \\n\"#c",
        "\"http://host/path?a=b#frag\"", "'it''s'", "spaced value here", "${OTHER}");

    // Quoted values spanning lines, with owned-key assignments inside that must not count.
    private static readonly Gen<string> MultiLineValue =
        from quote in Gen.Elements('"', '\'')
        from eol1 in Eol
        from eol2 in Eol
        from inner in Gen.Elements("ENV_NAME=inside", "  export REDIS_DATABASE=9", "# not a comment", "")
        select $"{quote}-----BEGIN KEY-----{eol1}{inner}{eol2}-----END KEY-----{quote}";

    private static readonly Gen<string> ForeignAssignment =
        from indent in Gen.Elements("", "  ", "\t")
        from export in Gen.Elements("", "export ", "export\t")
        from key in ForeignKey
        from assign in Gen.Elements("=", " = ", "= ", " =")
        from value in Gen.Frequency((5, ForeignValue), (1, MultiLineValue))
        select $"{indent}{export}{key}{assign}{value}";

    private static readonly Gen<string> Unparsable = Gen.Elements(
        "this is not an assignment", "=no-key", "KEY=\"closed\"junk", "export", "BARE_FLAG", "  export LONELY", "KEY 'x", "\\", "   =   ");

    private static Gen<Line> OwnedAssignment(string key) =>
        from indent in Gen.Elements("", "  ", "\t")
        from export in Gen.Elements("", "export ", "export  ")
        from assign in Gen.Elements("=", " = ", "=\t", " =")
        from quote in Gen.Elements("", "'", "\"")
        from oldValue in Token.Or(Gen.Constant(""))
        from comment in quote.Length == 0
            ? Gen.Elements("", " # set by Ushadow", "\t#c=1 'x'", "   ")
            : Gen.Elements("", " # set by Ushadow", "#tight", "  ")
        from eol in Eol
        let after = quote.Length == 0 && oldValue.Length == 0 ? "" : quote + comment // `KEY= # c` reads "# c"; not an owned form
        let before = $"{indent}{export}{key}{assign}{quote}"
        select new Line(before + oldValue + after, eol, key, before, after);

    private static readonly Gen<Line> AnyLine =
        Gen.Frequency(
            (3, Comment.Select(c => new Line(c, "\n"))),
            (3, Blank.Select(b => new Line(b, "\n"))),
            (6, ForeignAssignment.Select(a => new Line(a, "\n"))),
            (2, Unparsable.Select(u => new Line(u, "\n"))),
            (4, Gen.Elements(OwnedKeys).SelectMany(OwnedAssignment)))
        .SelectMany(line => Eol.Select(eol => line.OwnedKey is null ? line with { Eol = eol } : line));

    private static readonly Gen<Case> Cases =
        from lines in AnyLine.ListOf()
        from lastEol in Gen.Elements("", "\n", "\r\n")
        from values in Gen.CollectToList(OwnedKeys.Select(_ => Token))
        select new Case(lines.Count == 0 ? lines : [.. lines.Take(lines.Count - 1), lines[^1] with { Eol = lastEol }], values);

    [Property(MaxTest = 500)]
    public Property Setting_the_owned_keys_rewrites_only_their_last_assignments() =>
        Prop.ForAll(Cases.ToArbitrary(), testCase =>
        {
            var original = testCase.Text;
            var document = EnvFileDocument.Parse(original);
            Assert.Equal(original, document.Text);

            for (var i = 0; i < OwnedKeys.Length; i++)
            {
                document.Set(OwnedKeys[i], testCase.NewValues[i]);
            }

            Assert.Equal(SplitLines(ExpectedText(testCase)), SplitLines(document.Text));
            for (var i = 0; i < OwnedKeys.Length; i++)
            {
                Assert.Equal(testCase.NewValues[i], document.Get(OwnedKeys[i]));
            }

            var again = EnvFileDocument.Parse(document.Text);
            for (var i = 0; i < OwnedKeys.Length; i++)
            {
                again.Set(OwnedKeys[i], testCase.NewValues[i]);
            }

            Assert.Equal(document.Text, again.Text);
        });

    /// <summary>What the text must become, worked out from the generated lines rather than by parsing.</summary>
    private static string ExpectedText(Case testCase)
    {
        var lines = testCase.Lines.ToList();
        var appended = new List<string>();
        for (var i = 0; i < OwnedKeys.Length; i++)
        {
            var last = lines.FindLastIndex(l => l.OwnedKey == OwnedKeys[i]);
            if (last >= 0)
            {
                lines[last] = lines[last] with { Content = lines[last].Before + testCase.NewValues[i] + lines[last].After };
            }
            else
            {
                appended.Add($"{OwnedKeys[i]}={testCase.NewValues[i]}");
            }
        }

        var text = string.Concat(lines.Select(l => l.Content + l.Eol));
        if (appended.Count == 0)
        {
            return text;
        }

        var crlf = Regex.Count(text, "\r\n");
        var eol = crlf > Regex.Count(text, "\n") - crlf ? "\r\n" : "\n";
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            text += eol;
        }

        return text + string.Concat(appended.Select(a => a + eol));
    }

    private static List<string> SplitLines(string text) => Regex.Split(text, "(?<=\n)").ToList();
}
