using System.ComponentModel;
using System.Diagnostics;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Shared;

namespace Ushadow.Cli;

/// <summary>What one git command did.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>git's own message, on one line, for a USH message.</summary>
    public string Message => string.Join(" ", (Error.Length > 0 ? Error : Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// Runs the user's git (the tool may spawn git; the build never does). Commands that change the repository are
/// retried when git fails on one of its own lock files, which happens when several <c>env create</c> run at once.
/// </summary>
internal static class Git
{
    private const int Attempts = 12;

    /// <summary>Runs <c>git <paramref name="arguments"/></c> in <paramref name="directory"/> once.</summary>
    /// <exception cref="UshadowException">USH1035 when git cannot be started.</exception>
    public static GitResult Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        // Messages in English, whatever the user's locale: the tool recognises git's lock failures by their text.
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANGUAGE"] = "C";
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new GitResult(process.ExitCode, output.Trim(), error.GetAwaiter().GetResult().Trim());
        }
        catch (Win32Exception e)
        {
            throw new UshadowException(DiagnosticCodes.NotInRepository, $"git cannot be started ({e.Message}); install git and make sure it is on PATH.");
        }
    }

    /// <summary>
    /// Runs a command that changes the repository, again (a bounded number of times, after a jittered pause)
    /// while git fails on a lock file another git process holds. <paramref name="done"/>, when given, tells
    /// whether a failed attempt nevertheless did its work (so a retry is not needed).
    /// </summary>
    public static GitResult RunRetrying(string directory, string[] arguments, Func<bool>? done = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = Run(directory, arguments);
            if (result.Succeeded || attempt == Attempts || !IsLockContention(result.Error))
            {
                return result;
            }
            if (done?.Invoke() == true)
            {
                return result with { ExitCode = 0 };
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 120) * attempt));
        }
    }

    /// <summary>Whether git failed because another git process held one of its lock files.</summary>
    public static bool IsLockContention(string error) =>
        error.Contains(".lock", StringComparison.Ordinal)
        || error.Contains("could not lock", StringComparison.OrdinalIgnoreCase)
        || error.Contains("cannot lock", StringComparison.OrdinalIgnoreCase)
        || error.Contains("Unable to create", StringComparison.Ordinal);

    /// <summary>The top folder of the working tree holding <paramref name="directory"/>.</summary>
    /// <exception cref="UshadowException">USH1035 outside a repository.</exception>
    public static string TopLevel(string directory)
    {
        var result = Run(directory, "rev-parse", "--show-toplevel");
        if (!result.Succeeded || result.Output.Length == 0)
        {
            throw new UshadowException(DiagnosticCodes.NotInRepository,
                $"{directory} is not inside a git repository ({result.Message}). Run 'ushadow env create' from inside the app's repository.");
        }
        return EnvironmentRoot.Normalize(result.Output);
    }

    /// <summary>Whether branch <paramref name="branch"/> exists.</summary>
    public static bool BranchExists(string directory, string branch) =>
        Run(directory, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).Succeeded;
}
