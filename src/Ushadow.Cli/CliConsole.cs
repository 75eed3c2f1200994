using System.Text;

namespace Ushadow.Cli;

/// <summary>
/// Standard output and error, the terminal questions (confirmation, a password without echo) and colour:
/// only on a terminal, never with <c>NO_COLOR</c> or <c>TERM=dumb</c>.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole()
    {
        Out = Console.Out;
        Error = Console.Error;
        UseColour = !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool UseColour { get; }

    /// <summary>Whether questions can be asked: standard input is a terminal.</summary>
    public static bool InputIsTerminal => !Console.IsInputRedirected;

    public string Paint(string text, CliColour colour)
    {
        if (!UseColour)
        {
            return text;
        }
        var code = colour switch
        {
            CliColour.Bold => "1",
            CliColour.Dim => "2",
            CliColour.Red => "31",
            CliColour.Yellow => "33",
            _ => "32",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }

    /// <summary>Asks a yes/no question on the terminal; only "y" or "yes" is a yes.</summary>
    public bool Confirm(string question)
    {
        Error.Write($"{question} [y/N] ");
        Error.Flush();
        var answer = Console.In.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads a secret: on a terminal without echo, key by key (prompt on standard error); from redirected input,
    /// its first line.
    /// </summary>
    public string ReadSecret(string prompt)
    {
        if (!InputIsTerminal)
        {
            return Console.In.ReadLine() ?? "";
        }
        Error.Write(prompt);
        Error.Flush();
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
        Error.WriteLine();
        return secret.ToString();
    }

    /// <summary>Writes rows as columns aligned by the widest cell, two spaces apart, indented.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string indent = "  ")
    {
        var all = rows.ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        if (header.Any(h => h.Length > 0))
        {
            Out.WriteLine(indent + Paint(Row(header, widths), CliColour.Bold));
        }
        foreach (var row in all)
        {
            Out.WriteLine(indent + Row(row, widths));
        }
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
