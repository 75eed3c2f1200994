namespace Ushadow.TestSupport;

/// <summary>
/// Runs the programs the tests need (git, dotnet, python3, redis-server, tmux, the ushadow tool...). Both output streams
/// are read as they come, so a child never blocks on a full pipe, and a run that outlives its bound is killed with its
/// whole process tree (a dotnet build's compiler, an AppHost's DCP), so nothing is left behind.
/// </summary>
public static class Processes
{
    /// <summary>
    /// Runs <paramref name="fileName"/> to its end. One that is still running after <paramref name="timeout"/> is killed
    /// with its children, and the run throws <see cref="TimeoutException"/> with what it wrote.
    /// </summary>
    /// <param name="environment">Changes to this process's environment: a value sets the variable, <c>null</c> removes it.</param>
    /// <param name="standardInput">The program's whole standard input (then closed); <c>null</c> leaves it this process's own.</param>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null)
    {
        using var process = Start(fileName, arguments, workingDirectory, environment, standardInput);
        return process.Wait(timeout);
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> and returns at once, for a program that runs beside the test (a server, an
    /// AppHost, racing builds). Disposing the handle kills what is still running.
    /// </summary>
    /// <inheritdoc cref="Run" path="/param"/>
    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null) =>
        new(fileName, arguments, workingDirectory, environment, standardInput);
}
