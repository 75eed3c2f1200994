namespace Ushadow.Core.Registry;

/// <summary>One environment as the registry remembers it.</summary>
/// <param name="Name">The environment name; the registry key (compared ordinally).</param>
/// <param name="Root">The environment's root folder, a full path.</param>
/// <param name="RedisDatabase">The Redis database number it holds, unique in the registry.</param>
/// <param name="Mode">Its MongoDB database mode.</param>
/// <param name="MongoDatabase">Its MongoDB database name.</param>
/// <param name="UpdatedAt">When the entry last changed.</param>
/// <param name="EnvFileValues">
/// The values the package last wrote to the environment's <c>.env</c>, so a hand edit can be told apart
/// from the package's own value.
/// </param>
public sealed record RegisteredEnvironment(
    string Name,
    string Root,
    int RedisDatabase,
    DatabaseMode Mode,
    string MongoDatabase,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> EnvFileValues)
{
    /// <summary>The app the environment belongs to; an environment is identified by its app and its name.</summary>
    public string AppName { get; init; } = "ushadow";

    /// <summary>
    /// Which layer supplied each value at the last build (key of <see cref="ResolvedValueCatalogue"/> to layer),
    /// so the tool can tell whether a launcher settings change reaches this environment.
    /// </summary>
    public IReadOnlyDictionary<string, SettingLayer> Sources { get; init; } = new Dictionary<string, SettingLayer>();
}

/// <summary>The outcome of <see cref="EnvironmentRegistry.AllocateRedisDatabase"/>.</summary>
/// <param name="Database">The Redis database number the environment gets.</param>
/// <param name="Reclaimed">
/// Entries whose root folder is gone and whose numbers were freed to make room. The caller removes them
/// (before putting the new entry) and warns <c>USH2003</c> for each.
/// </param>
public sealed record RedisAllocation(int Database, IReadOnlyList<RegisteredEnvironment> Reclaimed);
