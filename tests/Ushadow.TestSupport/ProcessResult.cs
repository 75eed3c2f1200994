namespace Ushadow.TestSupport;

/// <summary>How a program ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">Its standard output, as written.</param>
/// <param name="StandardError">Its standard error, as written.</param>
/// <param name="Output">Both, line by line in the order they came: what a terminal would have shown.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, string Output);
