namespace Ushadow.Core.IO;

/// <summary>
/// A test-only hook for the crash-injection harness (build/crash): when the environment variable
/// <c>USHADOW_TEST_STOP_AT</c> names a point, the process says so on standard error and blocks there forever, so a
/// SIGKILL lands inside that critical window. Unset (every real build), a point costs one string comparison.
/// </summary>
internal static class CrashPoint
{
    /// <summary>The variable naming the point to stop at, e.g. <c>temp-written:environments.json</c>.</summary>
    public const string Variable = "USHADOW_TEST_STOP_AT";

    /// <summary>What the process writes to standard error when it stops, followed by the point.</summary>
    public const string StoppedMarker = "ushadow-test-stopped-at ";

    private static readonly string? StopAt = System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Blocks forever when <paramref name="point"/> is the one named by <see cref="Variable"/>.</summary>
    public static void Reach(string point)
    {
        if (StopAt is null || !string.Equals(StopAt, point, StringComparison.Ordinal))
        {
            return;
        }
        Console.Error.WriteLine(StoppedMarker + point);
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
