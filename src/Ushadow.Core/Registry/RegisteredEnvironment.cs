using Ushadow.Core.Model;
using Ushadow.Core.Resolution;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>One environment as the registry remembers it.</summary>
/// <param name="Name">The environment name.</param>
/// <param name="Root">The environment's root folder, a full path.</param>
/// <param name="RedisDatabase">The Redis database number it holds, unique in the registry (across apps).</param>
/// <param name="Mode">Its MongoDB database mode.</param>
/// <param name="MongoDatabase">Its MongoDB database name.</param>
/// <param name="UpdatedAt">When the entry last changed.</param>
/// <param name="EnvFileValues">
/// The values the package last wrote to the environment's <c>.env</c>, so a hand edit can be told apart
/// from the package's own value.
/// </param>
internal sealed record RegisteredEnvironment(
    string Name,
    string Root,
    int RedisDatabase,
    DatabaseMode Mode,
    string MongoDatabase,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> EnvFileValues)
{
    /// <summary>The app the environment belongs to.</summary>
    public string AppName { get; init; } = EnvironmentResolver.DefaultAppName;

    /// <summary>
    /// Which layer supplied each value at the last build (key of <see cref="ResolvedValueCatalogue"/> to layer),
    /// so the tool can tell whether a launcher settings change reaches this environment.
    /// </summary>
    public IReadOnlyDictionary<string, SettingLayer> Sources { get; init; } = new Dictionary<string, SettingLayer>();

    /// <summary>Its port offset (README, Ports), <c>null</c> in entries written before port offsets existed.</summary>
    public int? PortOffset { get; init; }

    /// <summary>
    /// The machine that registered it (<c>USHADOW_HOST</c>, else the host name) in a registry shared by a team
    /// (README, Teams on one server); <c>null</c> in the per-user file registry, where every entry is this machine's.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>
    /// The schema version its project declared at its last build (<c>UshadowSchemaVersion</c>; README, Schema changes in
    /// shared mode), <c>null</c> when it declares none or the entry was written before schema versions existed.
    /// </summary>
    public long? DeclaredSchemaVersion { get; init; }

    /// <summary>
    /// How its Redis data is kept apart (README, Redis at team scale); <see cref="Model.RedisIsolation.Database"/> in
    /// entries written before key prefixes existed.
    /// </summary>
    public RedisIsolation RedisIsolation { get; init; }

    /// <summary>Its Redis key prefix in prefix mode (<c>&lt;app&gt;:&lt;env&gt;:</c> unless hand-edited), else <c>null</c>.</summary>
    public string? RedisKeyPrefix { get; init; }

    /// <summary>
    /// In prefix mode, its own ACL user on the team server, or empty when the server refused to make one (the prefix is
    /// then not enforced; a build does not ask again); <c>null</c> when none was tried (database mode, the file registry).
    /// </summary>
    public string? RedisUsername { get; init; }

    /// <summary>
    /// Whether it holds <see cref="RedisDatabase"/> as a claim: only in database mode. An environment in prefix mode uses
    /// database 0 under its own prefix and claims no number, so any number of them fit on one server.
    /// </summary>
    public bool HoldsRedisDatabase => RedisIsolation == RedisIsolation.Database;

    /// <summary>Its app and name.</summary>
    public EnvironmentId Id => new(AppName, Name);

    /// <summary>
    /// Whether the entry is this machine's, whose folder can be looked at from here: every entry of the per-user file
    /// (<paramref name="host"/> <c>null</c>, or an entry without a host), and in a team registry the entries
    /// <paramref name="host"/> made. Only the owner may reclaim an entry, or call its folder gone.
    /// </summary>
    public bool BelongsTo(string? host) => host is null || Host is null || Host == host;

    /// <summary>Equal in everything the registry stores but <see cref="UpdatedAt"/>: <c>updated_at</c> is the last real change.</summary>
    public bool SameButForTime(RegisteredEnvironment other) =>
        Id == other.Id && Root == other.Root && RedisDatabase == other.RedisDatabase && Mode == other.Mode
        && MongoDatabase == other.MongoDatabase && PortOffset == other.PortOffset && Host == other.Host && DeclaredSchemaVersion == other.DeclaredSchemaVersion && RedisIsolation == other.RedisIsolation && RedisKeyPrefix == other.RedisKeyPrefix && RedisUsername == other.RedisUsername && SameEntries(EnvFileValues, other.EnvFileValues) && SameEntries(Sources, other.Sources);

    // One loop per value type, not LINQ or EqualityComparer<T>: generic code over these structs is JIT compiled in
    // every build's fresh process.
    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameEntries(IReadOnlyDictionary<string, SettingLayer> a, IReadOnlyDictionary<string, SettingLayer> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                return false;
            }
        }
        return true;
    }
}
