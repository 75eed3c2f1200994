using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ushadow.Core.Secrets;

/// <summary>Writes the scalars <see cref="SecretsDocument"/> inserts.</summary>
internal static partial class YamlScalarText
{
    /// <summary>
    /// A double-quoted scalar: the one YAML style that can hold any text (quotes, ':', '#', line breaks)
    /// and reads back as a string in every parser, whatever the content looks like.
    /// </summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    // Control characters, NEL, line/paragraph separators and BOM are not printable in YAML.
                    if (c < 0x20 || c is (>= '\u007f' and <= '\u009f') or '\u2028' or '\u2029' or '\ufeff')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>A key: plain when it is a simple identifier, else double-quoted.</summary>
    public static string Key(string key) => IsSimpleKey(key) ? key : Quote(key);

    /// <summary>Whether <paramref name="key"/> is written plain (and so read back as a plain scalar).</summary>
    public static bool IsSimpleKey(string key) => SimpleKey().IsMatch(key) && !ReservedWords.Contains(key);

    // Words a YAML 1.1 reader (PyYAML, used by the backend) resolves to booleans or null.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleKey();
}
