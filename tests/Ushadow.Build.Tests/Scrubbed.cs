using System.Collections;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// Runs programs (dotnet, git, the ushadow tool...) through <see cref="Processes"/> as a developer's machine would run
/// them: without the variables the package reads unless a test sets them, and with USH1000 failing the test wherever
/// it appears.
/// </summary>
public static class Scrubbed
{
    /// <summary>Variables the package reads; every build starts without them unless a test sets them.</summary>
    private static readonly string[] Names =
    [
        "ENV_NAME", "DATABASE_MODE", "SHARED_DATABASE_NAME", "PORT_OFFSET", "USHADOW_LAUNCHER_SETTINGS", "USHADOW_STATE_DIR", "USHADOW_REGISTRY", "USHADOW_HOST",
        "XDG_CONFIG_HOME", "MONGODB_DATABASE", "REDIS_DATABASE", "MONGODB_URI", "REDIS_URL", "ConnectionStrings__mongodb", "ConnectionStrings__redis",
        "REDIS_ISOLATION", "REDIS_KEY_PREFIX", "REDIS_USERNAME", "REDIS_PASSWORD",
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG",
        // CI runs these tests with CI=true; a consumer's build must behave as on a developer's machine unless a test says otherwise.
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "ContinuousIntegrationBuild", "USHADOW_REGISTRY", "USHADOW_HOST",
    ];

    /// <summary>
    /// This process's environment with the package's variables removed (<c>null</c>, as <see cref="Processes"/> reads it)
    /// and no MSBuild node or server left behind; tests add their own variables.
    /// </summary>
    public static Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }
        foreach (var name in Names)
        {
            environment[name] = null;
        }
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    /// <summary>
    /// Runs a program to its end (see <see cref="Processes.Run"/>); <paramref name="standardInput"/>, when given, is its
    /// whole input (then closed), so it never reads a terminal.
    /// </summary>
    public static ProcessResult Run(string fileName, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, string? standardInput = null)
    {
        var result = Processes.Run(fileName, arguments, timeout, workingDirectory, environment, standardInput);
        // USH1000 is a defect of the package or the tool: anywhere in any output of the suite, it fails the test.
        if (result.Output.Contains("USH1000", StringComparison.Ordinal))
        {
            Assert.Fail($"USH1000 in the output of {fileName} {string.Join(' ', arguments)}:\n{result.Output}");
        }
        return result;
    }
}
