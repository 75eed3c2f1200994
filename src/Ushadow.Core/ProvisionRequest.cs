namespace Ushadow.Core;

/// <summary>The MSBuild properties of SPEC §2 as the project set them (<c>null</c> or empty = not set).</summary>
public sealed record BuildProperties
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

/// <summary>Everything one resolution needs from its host (MSBuild, the CLI or a test).</summary>
public sealed record ProvisionRequest
{
    /// <summary>The consuming project's folder; the environment root is searched upward from it.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The process environment variables (only <see cref="VariableNames.All"/> are read).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The MSBuild properties.</summary>
    public BuildProperties Properties { get; init; } = new();

    /// <summary>
    /// <c>false</c> in design-time (IDE) builds: resolve and report values, but write no file and take no
    /// Redis number for good.
    /// </summary>
    public bool WriteFiles { get; init; } = true;

    /// <summary>How long to wait for another build's registry lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether TCP port n is in use right now: a port block with a port in use is skipped when allocating (a parameter so tests decide).</summary>
    public Func<int, bool> PortInUse { get; init; } = Registry.PortProbe.InUse;

    /// <summary>Now, for the registry's <c>updated_at</c> (a parameter so tests are deterministic).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The variables of <see cref="VariableNames.All"/> from <paramref name="getVariable"/> (the build's and the tool's process environment).</summary>
    public static IReadOnlyDictionary<string, string> ReadVariables(Func<string, string?> getVariable)
    {
        // A loop, not LINQ over (name, value) tuples: those generic instantiations are JIT compiled in every build.
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in VariableNames.All)
        {
            if (getVariable(name) is { } value)
            {
                variables.Add(name, value);
            }
        }
        return variables;
    }

    /// <summary>A variable's value, <c>null</c> when unset or empty.</summary>
    public string? Variable(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
