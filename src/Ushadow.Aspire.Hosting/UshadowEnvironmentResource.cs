using System.Globalization;
using Ushadow.Core.Shared;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// This worktree's Ushadow environment in the AppHost: its name, app, database mode, MongoDB database, Redis number, port
/// offset and ports, as `dotnet build` resolved them (and wrote them to <c>.env</c>). Never a secret.
/// </summary>
public sealed class UshadowEnvironmentResource : Resource
{
    /// <summary>The variables <c>WithUshadow()</c> gives a resource, before the ports.</summary>
    private static readonly string[] VariableKeys = [VariableNames.EnvName, VariableNames.DatabaseMode, VariableNames.MongoDatabase, VariableNames.RedisDatabase, VariableNames.PortOffset];

    private readonly Dictionary<string, UshadowValue> _byKey;
    private readonly HashSet<IResource> _redisServers = [];

    /// <summary>Creates the resource from the values the build resolved.</summary>
    /// <param name="name">The resource name, <c>ushadow</c> by default.</param>
    /// <param name="values">The resolved values: every key of the catalogue and the ports.</param>
    /// <exception cref="ArgumentException">A value is missing or not valid: the AppHost was built by another version of Ushadow.Build.</exception>
    public UshadowEnvironmentResource(string name, IEnumerable<UshadowValue> values) : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values.ToArray();
        _byKey = new Dictionary<string, UshadowValue>(StringComparer.Ordinal);
        foreach (var value in Values)
        {
            _byKey[value.Key] = value;
        }
        EnvironmentName = Required(ResolvedValueCatalogue.EnvName);
        AppName = Required(ResolvedValueCatalogue.AppName);
        var mode = Required(ResolvedValueCatalogue.DatabaseMode);
        DatabaseMode = mode is "shared" or "isolated" ? mode : throw Invalid(ResolvedValueCatalogue.DatabaseMode, "'shared' or 'isolated'");
        MongoDatabaseName = Required(ResolvedValueCatalogue.MongoDatabase);
        RedisDatabase = Number(ResolvedValueCatalogue.RedisDatabase);
        PortOffset = Number(ResolvedValueCatalogue.PortOffset);
        // Absent in values of builds before Redis prefix mode: the default mode then.
        RedisKeyPrefix = Optional(ResolvedValueCatalogue.RedisIsolation) == RedisIsolationRules.Prefix ? Optional(ResolvedValueCatalogue.RedisKeyPrefix) : "";
        RedisUsername = RedisKeyPrefix.Length > 0 ? Optional(ResolvedValueCatalogue.RedisUsername) : "";
        Ports = Values.Where(v => PortKeys.IsPortKey(v.Key)).ToDictionary(v => v.Key, v => Number(v.Key), StringComparer.Ordinal);
        Variables = VariableKeys.Concat(PrefixModeKeys()).Concat(Ports.Keys).ToDictionary(key => key, key => _byKey[key].Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The key prefix of this environment in Redis prefix mode (README, Redis at team scale), empty in database mode; with
    /// it, <c>WithUshadow()</c> also gives <c>REDIS_ISOLATION</c>, <c>REDIS_KEY_PREFIX</c> and <c>REDIS_USERNAME</c>.
    /// </summary>
    public string RedisKeyPrefix { get; }

    /// <summary>The environment's own Redis ACL user in prefix mode, empty when it has none.</summary>
    public string RedisUsername { get; }

    /// <summary>Every resolved value with its source, in the order <c>ushadow explain</c> shows them.</summary>
    public IReadOnlyList<UshadowValue> Values { get; }

    /// <summary>The environment name (<c>ENV_NAME</c>), usually the worktree's folder name.</summary>
    public string EnvironmentName { get; }

    /// <summary>The app name.</summary>
    public string AppName { get; }

    /// <summary>The database mode (<c>DATABASE_MODE</c>): <c>shared</c> or <c>isolated</c>.</summary>
    public string DatabaseMode { get; }

    /// <summary>This environment's MongoDB database (<c>MONGODB_DATABASE</c>).</summary>
    public string MongoDatabaseName { get; }

    /// <summary>This environment's Redis database number (<c>REDIS_DATABASE</c>), never shared with another environment.</summary>
    public int RedisDatabase { get; }

    /// <summary>This environment's port offset (<c>PORT_OFFSET</c>): its block of ports, unique among the registered environments.</summary>
    public int PortOffset { get; }

    /// <summary>The ports of <c>UshadowPorts</c> (<c>BACKEND_PORT</c> = its base plus <see cref="PortOffset"/>), by key.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>What <c>WithUshadow()</c> sets on a resource: <c>ENV_NAME</c>, <c>DATABASE_MODE</c>, <c>MONGODB_DATABASE</c>, <c>REDIS_DATABASE</c>, <c>PORT_OFFSET</c> and the ports.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The port <paramref name="key"/> of <c>UshadowPorts</c>, such as <c>BACKEND_PORT</c>.</summary>
    /// <exception cref="ArgumentException">The environment has no such port.</exception>
    public int GetPort(string key) =>
        Ports.TryGetValue(key, out var port)
            ? port
            : throw new ArgumentException(
                $"The Ushadow environment '{EnvironmentName}' has no port '{key}': its ports are {(Ports.Count == 0 ? "none" : string.Join(", ", Ports.Keys))}. "
                + "Add it to the AppHost's UshadowPorts property (KEY=base pairs, such as BACKEND_PORT=8000) and build again.", nameof(key));

    /// <summary>The servers whose databases <c>AddRedisDatabase</c> made: a resource that references one directly is warned.</summary>
    internal IReadOnlyCollection<IResource> RedisServers => _redisServers;

    internal void AddRedisServer(IResource server) => _redisServers.Add(server);

    /// <summary>The keys of Redis prefix mode <c>WithUshadow()</c> adds: none in database mode, no empty user.</summary>
    private IEnumerable<string> PrefixModeKeys()
    {
        if (RedisKeyPrefix.Length == 0)
        {
            return [];
        }
        return RedisUsername.Length > 0
            ? [VariableNames.RedisIsolation, VariableNames.RedisKeyPrefix, VariableNames.RedisUsername]
            : [VariableNames.RedisIsolation, VariableNames.RedisKeyPrefix];
    }

    private string Optional(string key) => _byKey.TryGetValue(key, out var value) ? value.Value : "";

    private string Required(string key) =>
        _byKey.TryGetValue(key, out var value) && value.Value.Length > 0
            ? value.Value
            : throw new ArgumentException($"The Ushadow environment lacks {key}: build the AppHost with Ushadow.Build of the same version as Ushadow.Aspire.Hosting, which hands every value over.", "values");

    private int Number(string key) =>
        int.TryParse(Required(key), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Invalid(key, "a whole number from 0 up");

    private ArgumentException Invalid(string key, string expected) =>
        new($"The Ushadow environment's {key} is '{_byKey[key].Value}', expected {expected}: build the AppHost with Ushadow.Build of the same version as Ushadow.Aspire.Hosting.", "values");
}
