using System.ComponentModel;
using System.Diagnostics;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Git;

/// <summary>
/// The one way the product runs the user's git: the <c>ushadow</c> tool's worktree commands, and a build that has just
/// created <c>.env</c> or <c>secrets.yaml</c> (<see cref="GitExclusion"/>; no other build starts a process). Messages
/// come in English whatever the locale, because lock contention is recognised by git's text; git never prompts.
/// </summary>
internal static class GitRunner
{
    /// <summary>How long one git command may run by default: a worktree checkout of a large repository takes a while.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(5);

    private const int Attempts = 12;

    /// <summary>Runs <c>git <paramref name="arguments"/></c> in <paramref name="directory"/> once, waiting at most <paramref name="timeout"/>.</summary>
    public static GitResult Run(string directory, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
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
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANGUAGE"] = "C";
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? DefaultTimeout))
            {
                process.Kill(entireProcessTree: true);
                return new GitResult(-1, "", $"git {string.Join(" ", arguments)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
            }
            Task.WaitAll(output, error);
            return new GitResult(process.ExitCode, output.Result.Trim(), error.Result.Trim());
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            return new GitResult(-1, "", $"git cannot be started ({e.Message})") { NotStarted = true };
        }
    }

    /// <summary>Runs git once; USH1035 when git cannot be started (the tool needs it, a build does not).</summary>
    /// <exception cref="UshadowException">USH1035 when git is missing.</exception>
    public static GitResult Require(string directory, params string[] arguments)
    {
        var result = Run(directory, arguments);
        return result.NotStarted
            ? throw new UshadowException(DiagnosticCodes.NotInRepository, $"{result.Error}; install git and make sure it is on PATH.")
            : result;
    }

    /// <summary>
    /// Runs a command that changes the repository, again (a bounded number of times, after a jittered pause) while
    /// git fails on a lock file another git process holds, as when several <c>env create</c> run at once.
    /// <paramref name="done"/>, when given, tells whether a failed attempt nevertheless did its work.
    /// </summary>
    /// <exception cref="UshadowException">USH1035 when git is missing.</exception>
    public static GitResult RunRetrying(string directory, string[] arguments, Func<bool>? done = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = Require(directory, arguments);
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
    /// <exception cref="UshadowException">USH1035 outside a repository or without git.</exception>
    public static string TopLevel(string directory)
    {
        var result = Require(directory, "rev-parse", "--show-toplevel");
        if (!result.Succeeded || result.Output.Length == 0)
        {
            throw new UshadowException(DiagnosticCodes.NotInRepository,
                $"{directory} is not inside a git repository ({result.Message}). Run 'ushadow env create' from inside the app's repository.");
        }
        return EnvironmentRoot.Normalize(result.Output);
    }

    /// <summary>
    /// The main worktree of the repository <paramref name="directory"/> belongs to: a linked worktree's new siblings go
    /// next to the main one's, and it removes a linked worktree.
    /// </summary>
    public static string MainWorktree(string directory)
    {
        var common = Require(directory, "rev-parse", "--path-format=absolute", "--git-common-dir");
        return common.Succeeded && Path.GetFileName(EnvironmentRoot.Normalize(common.Output)) == ".git"
            ? Path.GetDirectoryName(EnvironmentRoot.Normalize(common.Output))!
            : directory;
    }

    /// <summary>Whether branch <paramref name="branch"/> exists.</summary>
    public static bool BranchExists(string directory, string branch) =>
        Require(directory, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).Succeeded;
}
