using Ushadow.Core.Model;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Inputs;

/// <summary>The MSBuild properties of SPEC §2 as the project set them (<c>null</c> or empty = not set).</summary>
internal sealed record BuildProperties
{
    /// <summary><c>UshadowAppName</c>.</summary>
    public string? AppName { get; init; }
    /// <summary><c>UshadowEnvName</c>.</summary>
    public string? EnvName { get; init; }
    /// <summary><c>UshadowDatabaseMode</c>.</summary>
    public string? DatabaseMode { get; init; }
    /// <summary><c>UshadowSharedDatabaseName</c>.</summary>
    public string? SharedDatabaseName { get; init; }
    /// <summary><c>UshadowEnvironmentRoot</c>.</summary>
    public string? EnvironmentRoot { get; init; }
    /// <summary><c>UshadowEnvFile</c>.</summary>
    public string? EnvFile { get; init; }
    /// <summary><c>UshadowSecretsFile</c>.</summary>
    public string? SecretsFile { get; init; }
    /// <summary><c>UshadowLauncherSettingsFile</c>.</summary>
    public string? LauncherSettingsFile { get; init; }
    /// <summary><c>UshadowStateDirectory</c>.</summary>
    public string? StateDirectory { get; init; }
    /// <summary><c>UshadowRedisDatabaseCount</c>.</summary>
    public string? RedisDatabaseCount { get; init; }
    /// <summary><c>UshadowPortOffset</c>.</summary>
    public string? PortOffset { get; init; }
    /// <summary><c>UshadowPorts</c>: <c>KEY=base</c> pairs written to <c>.env</c> as base plus the port offset.</summary>
    public string? Ports { get; init; }
    /// <summary><c>UshadowProductionEnvironments</c>: extra names (separated by <c>;</c> or <c>,</c>) that count as production.</summary>
    public string? ProductionEnvironments { get; init; }
    /// <summary><c>UshadowRegistry</c>: <c>file</c> or a Redis URL (SPEC §10); the variable <c>USHADOW_REGISTRY</c> wins.</summary>
    public string? Registry { get; init; }

    /// <summary>
    /// Reads the properties from an evaluated project (<c>ushadow explain</c>); the MSBuild targets pass the same
    /// properties to the task by the same names.
    /// </summary>
    /// <param name="property">Returns an evaluated property's value, empty or <c>null</c> when unset.</param>
    public static BuildProperties FromProject(Func<string, string?> property) => new()
    {
        AppName = property("UshadowAppName"),
        EnvName = property("UshadowEnvName"),
        DatabaseMode = property("UshadowDatabaseMode"),
        SharedDatabaseName = property("UshadowSharedDatabaseName"),
        EnvironmentRoot = property("UshadowEnvironmentRoot"),
        EnvFile = property("UshadowEnvFile"),
        SecretsFile = property("UshadowSecretsFile"),
        LauncherSettingsFile = property("UshadowLauncherSettingsFile"),
        StateDirectory = property("UshadowStateDirectory"),
        RedisDatabaseCount = property("UshadowRedisDatabaseCount"),
        ProductionEnvironments = property("UshadowProductionEnvironments"),
        PortOffset = property("UshadowPortOffset"),
        Ports = property("UshadowPorts"),
        Registry = property("UshadowRegistry"),
    };
}
