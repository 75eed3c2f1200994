namespace Ushadow.Core.Git;

/// <summary>What one git command did.</summary>
/// <param name="ExitCode">git's exit code; -1 when git could not be started or ran past its time.</param>
/// <param name="Output">Its standard output, trimmed.</param>
/// <param name="Error">Its standard error, trimmed.</param>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>Whether git ran and succeeded.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Whether git could not be started at all (not installed, not on PATH).</summary>
    public bool NotStarted { get; init; }

    /// <summary>git's own message, on one line, for a USH message.</summary>
    public string Message => string.Join(" ", (Error.Length > 0 ? Error : Output).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
