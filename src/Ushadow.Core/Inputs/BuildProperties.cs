namespace Ushadow.Core.Inputs;

/// <summary>
/// The MSBuild properties a resolution reads, as the project set them (<c>null</c> or empty = not set). Each one's
/// MSBuild name is <c>Ushadow</c> plus its member's name (<see cref="AppName"/> is <c>UshadowAppName</c>); the README's
/// property table documents them, and <c>docs/adding-a-setting.md</c> says what else a new one needs.
/// </summary>
internal sealed record BuildProperties
{
    /// <summary>What every MSBuild property name starts with.</summary>
    public const string Prefix = "Ushadow";

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
    /// <summary>
    /// <c>UshadowSchemaVersion</c>: the MongoDB schema version the project's code expects, a whole number (README, Schema
    /// changes in shared mode); unset, nothing about schema versions happens.
    /// </summary>
    public string? SchemaVersion { get; init; }
    /// <summary><c>UshadowRegistry</c>: <c>file</c> or a Redis URL; the variable <c>USHADOW_REGISTRY</c> wins. May hold a password.</summary>
    public string? Registry { get; init; }
    /// <summary><c>UshadowRedisIsolation</c>: <c>database</c> or <c>prefix</c> (README, Redis at team scale).</summary>
    public string? RedisIsolation { get; init; }

    /// <summary>
    /// The one list of properties, in the order of the targets' <c>_UshadowProperty</c> items (a test holds the targets to
    /// it): the member, and how a value lands in it.
    /// </summary>
    private static readonly (string Member, Func<BuildProperties, string?, BuildProperties> With)[] All =
    [
        (nameof(AppName), (p, v) => p with { AppName = v }),
        (nameof(EnvName), (p, v) => p with { EnvName = v }),
        (nameof(DatabaseMode), (p, v) => p with { DatabaseMode = v }),
        (nameof(SharedDatabaseName), (p, v) => p with { SharedDatabaseName = v }),
        (nameof(EnvironmentRoot), (p, v) => p with { EnvironmentRoot = v }),
        (nameof(EnvFile), (p, v) => p with { EnvFile = v }),
        (nameof(SecretsFile), (p, v) => p with { SecretsFile = v }),
        (nameof(LauncherSettingsFile), (p, v) => p with { LauncherSettingsFile = v }),
        (nameof(StateDirectory), (p, v) => p with { StateDirectory = v }),
        (nameof(RedisDatabaseCount), (p, v) => p with { RedisDatabaseCount = v }),
        (nameof(ProductionEnvironments), (p, v) => p with { ProductionEnvironments = v }),
        (nameof(PortOffset), (p, v) => p with { PortOffset = v }),
        (nameof(Ports), (p, v) => p with { Ports = v }),
        (nameof(SchemaVersion), (p, v) => p with { SchemaVersion = v }),
        (nameof(Registry), (p, v) => p with { Registry = v }),
        (nameof(RedisIsolation), (p, v) => p with { RedisIsolation = v }),
    ];

    /// <summary>The MSBuild names of every property, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(All, property => Prefix + property.Member);

    /// <summary>The MSBuild name of member <paramref name="member"/> (<c>nameof(AppName)</c> gives <c>UshadowAppName</c>).</summary>
    public static string NameOf(string member) => Prefix + member;

    /// <summary>
    /// The properties by their MSBuild names, from an evaluated project (<c>ushadow explain</c>, <c>env create</c>) or from the
    /// task's <c>_UshadowProperty</c> items: the one way properties reach a resolution.
    /// </summary>
    /// <param name="property">Returns a property's value by its MSBuild name, empty or <c>null</c> when unset.</param>
    public static BuildProperties FromProject(Func<string, string?> property)
    {
        var properties = new BuildProperties();
        foreach (var (member, with) in All)
        {
            properties = with(properties, property(Prefix + member));
        }
        return properties;
    }
}
