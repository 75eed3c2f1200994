namespace Ushadow.Cli;

/// <summary>The tool's exit codes (README, The ushadow tool).</summary>
internal static class CliExit
{
    /// <summary>Done.</summary>
    public const int Done = 0;
    /// <summary>Refused, or problems found; the message carries a USH code.</summary>
    public const int Refused = 1;
    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
}
