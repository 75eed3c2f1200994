using System.Globalization;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Model;

/// <summary>The resolved settings of one environment, each with where it came from and what every layer offered.</summary>
internal sealed record ResolvedEnvironment
{
    /// <summary>The app name (<c>ushadow</c> by default).</summary>
    public required Resolved<string> AppName { get; init; }
    /// <summary>The environment name, lower-case.</summary>
    public required Resolved<string> EnvironmentName { get; init; }
    /// <summary>Shared or isolated.</summary>
    public required Resolved<DatabaseMode> DatabaseMode { get; init; }
    /// <summary>The database used in shared mode.</summary>
    public required Resolved<string> SharedDatabaseName { get; init; }
    /// <summary>The MongoDB database this environment uses.</summary>
    public required Resolved<string> MongoDatabase { get; init; }
    /// <summary>The docker compose project name.</summary>
    public required Resolved<string> ComposeProjectName { get; init; }
    /// <summary>The Redis database number, never shared with another environment.</summary>
    public required Resolved<int> RedisDatabase { get; init; }
    /// <summary>How its Redis data is kept apart: a database number, or a key prefix in database 0.</summary>
    public required Resolved<RedisIsolation> RedisIsolation { get; init; }
    /// <summary>Its Redis key prefix in prefix mode; empty in database mode.</summary>
    public required Resolved<string> RedisKeyPrefix { get; init; }
    /// <summary>Its own ACL user in prefix mode; empty when it has none (database mode, the file registry, no ACL rights).</summary>
    public required Resolved<string> RedisUsername { get; init; }
    /// <summary>
    /// The port offset (README, Ports): stable, and unique among registered environments when allocated.
    /// </summary>
    public required Resolved<int> PortOffset { get; init; }
    /// <summary>Each <c>UshadowPorts</c> key with its port (base plus <see cref="PortOffset"/>, unless hand-edited), in the property's order.</summary>
    public IReadOnlyList<ResolvedValue> Ports { get; init; } = [];

    /// <summary>
    /// The environment as later builds see it: a Redis number or port block allocated now is kept in
    /// <paramref name="registry"/> from then on, so the registry's sources, the replayed <c>-v:n</c> lines and the
    /// generated provenance say so, and stay the same from build to build.
    /// </summary>
    public ResolvedEnvironment AsRecorded(string registry)
    {
        var kept = Provenance.Kept(registry);
        return this with
        {
            RedisDatabase = RedisDatabase.From.Layer == SettingLayer.Inferred ? RedisDatabase with { From = kept } : RedisDatabase,
            PortOffset = PortOffset.From.Layer == SettingLayer.Inferred ? PortOffset with { From = kept } : PortOffset,
            // An ACL user made now is the registry's from then on (README, Redis at team scale).
            RedisUsername = RedisUsername.From.Layer == SettingLayer.Inferred && RedisUsername.Value.Length > 0 ? RedisUsername with { From = kept } : RedisUsername,
        };
    }

    /// <summary>Its registry identity.</summary>
    public EnvironmentId Id => new(AppName.Value, EnvironmentName.Value);

    /// <summary>Every value of <see cref="ResolvedValueCatalogue"/>, in its order, then the ports, as text.</summary>
    public IReadOnlyList<ResolvedValue> Values =>
        ResolvedValueCatalogue.All.Select(definition => Get(definition.Key)).Concat(Ports).ToList();

    /// <summary>The value of catalogue key <paramref name="key"/> as text.</summary>
    public ResolvedValue Get(string key) => key switch
    {
        ResolvedValueCatalogue.EnvName => Text(key, EnvironmentName),
        ResolvedValueCatalogue.ComposeProjectName => Text(key, ComposeProjectName),
        ResolvedValueCatalogue.DatabaseMode => new(key, DatabaseMode.Value.ToText(), DatabaseMode.From, DatabaseMode.Candidates),
        ResolvedValueCatalogue.MongoDatabase => Text(key, MongoDatabase),
        ResolvedValueCatalogue.RedisDatabase => new(key, RedisDatabase.Value.ToString(CultureInfo.InvariantCulture), RedisDatabase.From, RedisDatabase.Candidates),
        ResolvedValueCatalogue.RedisIsolation => new(key, RedisIsolation.Value.ToText(), RedisIsolation.From, RedisIsolation.Candidates),
        ResolvedValueCatalogue.RedisKeyPrefix => Text(key, RedisKeyPrefix),
        ResolvedValueCatalogue.RedisUsername => Text(key, RedisUsername),
        ResolvedValueCatalogue.SharedDatabaseName => Text(key, SharedDatabaseName),
        ResolvedValueCatalogue.AppName => Text(key, AppName),
        ResolvedValueCatalogue.PortOffset => new(key, PortOffset.Value.ToString(CultureInfo.InvariantCulture), PortOffset.From, PortOffset.Candidates),
        _ => Ports.FirstOrDefault(p => p.Key == key) ?? throw new ArgumentOutOfRangeException(nameof(key), key, "Not a key of the resolved value catalogue."),
    };

    private static ResolvedValue Text(string key, Resolved<string> value) => new(key, value.Value, value.From, value.Candidates);
}
