// This file is shared: Ushadow.Core compiles it, and the source generator (netstandard2.0) links it,
// so the build, the tool and the generated class agree on one list of resolved values.
using System.Text;

namespace Ushadow.Core.Shared;

/// <summary>
/// Every value the package resolves, in the order <c>.env</c>, <c>-v:n</c>, <c>ushadow explain</c> and the
/// generated class show them. Adding a value means adding it here and resolving it in the core; the MSBuild
/// targets and the generator carry the whole set as one encoded property (<see cref="Encode"/>).
/// </summary>
internal static class ResolvedValueCatalogue
{
    /// <summary>Environment name.</summary>
    public const string EnvName = VariableNames.EnvName;
    /// <summary>docker compose project name.</summary>
    public const string ComposeProjectName = VariableNames.ComposeProjectName;
    /// <summary>Database mode.</summary>
    public const string DatabaseMode = VariableNames.DatabaseMode;
    /// <summary>MongoDB database of the environment.</summary>
    public const string MongoDatabase = VariableNames.MongoDatabase;
    /// <summary>Redis database number of the environment.</summary>
    public const string RedisDatabase = VariableNames.RedisDatabase;
    /// <summary>How the environment's Redis data is kept apart: <c>database</c> or <c>prefix</c> (README, Redis at team scale).</summary>
    public const string RedisIsolation = VariableNames.RedisIsolation;
    /// <summary>The environment's Redis key prefix in prefix mode; empty in database mode.</summary>
    public const string RedisKeyPrefix = VariableNames.RedisKeyPrefix;
    /// <summary>The environment's own ACL user in prefix mode; empty when it has none.</summary>
    public const string RedisUsername = VariableNames.RedisUsername;
    /// <summary>The database every environment uses in shared mode.</summary>
    public const string SharedDatabaseName = VariableNames.SharedDatabaseName;
    /// <summary>The app name.</summary>
    public const string AppName = "APP_NAME";
    /// <summary>
    /// The environment's port offset (README, Ports): each port key of <c>UshadowPorts</c> is its base plus this.
    /// </summary>
    public const string PortOffset = VariableNames.PortOffset;

    /// <summary>The catalogue, in display order.</summary>
    public static IReadOnlyList<ResolvedValueDefinition> All { get; } = new[]
    {
        new ResolvedValueDefinition(EnvName, "EnvironmentName", ResolvedValueKind.Text, WrittenToEnvFile: true),
        new ResolvedValueDefinition(ComposeProjectName, "ComposeProjectName", ResolvedValueKind.Text, WrittenToEnvFile: true),
        new ResolvedValueDefinition(DatabaseMode, "DatabaseMode", ResolvedValueKind.DatabaseMode, WrittenToEnvFile: true),
        new ResolvedValueDefinition(MongoDatabase, "MongoDatabaseName", ResolvedValueKind.Text, WrittenToEnvFile: true),
        new ResolvedValueDefinition(RedisDatabase, "RedisDatabase", ResolvedValueKind.Number, WrittenToEnvFile: true),
        new ResolvedValueDefinition(RedisIsolation, "RedisIsolation", ResolvedValueKind.Text, WrittenToEnvFile: true),
        new ResolvedValueDefinition(RedisKeyPrefix, "RedisKeyPrefix", ResolvedValueKind.Text, WrittenToEnvFile: true, MayBeEmpty: true),
        new ResolvedValueDefinition(RedisUsername, "RedisUsername", ResolvedValueKind.Text, WrittenToEnvFile: true, MayBeEmpty: true),
        new ResolvedValueDefinition(PortOffset, "PortOffset", ResolvedValueKind.Number, WrittenToEnvFile: true),
        new ResolvedValueDefinition(SharedDatabaseName, "SharedDatabaseName", ResolvedValueKind.Text, WrittenToEnvFile: false),
        new ResolvedValueDefinition(AppName, "AppName", ResolvedValueKind.Text, WrittenToEnvFile: false),
    };

    /// <summary>
    /// The definition of a port key of <c>UshadowPorts</c> (<c>BACKEND_PORT</c>): a number written to <c>.env</c>,
    /// exposed as <c>BackendPort</c>. Port keys are the only values whose names the project chooses; they end in
    /// <c>_PORT</c> (<see cref="IsPortKey"/>), which no key of <see cref="All"/> does.
    /// </summary>
    public static ResolvedValueDefinition Port(string key) =>
        new(key, PascalCase(key), ResolvedValueKind.Number, WrittenToEnvFile: true);

    /// <summary>Whether <paramref name="key"/> names a port of <c>UshadowPorts</c>: an upper-case name ending in <c>_PORT</c>.</summary>
    public static bool IsPortKey(string key) => PortKeys.IsPortKey(key);

    /// <summary><c>BACKEND_PORT</c> as <c>BackendPort</c>.</summary>
    public static string PascalCase(string key)
    {
        var name = new StringBuilder(key.Length);
        foreach (var word in key.Split('_'))
        {
            if (word.Length > 0)
            {
                name.Append(char.ToUpperInvariant(word[0])).Append(word.Substring(1).ToLowerInvariant());
            }
        }
        return name.ToString();
    }

    /// <summary>
    /// The MSBuild property (made compiler visible) that carries every value to the generator:
    /// <c>KEY=value</c> pairs joined by <c>,</c> (<see cref="PairSeparator"/>), each value percent-encoded, so
    /// <c>;</c>, <c>#</c>, <c>,</c>, <c>=</c> and new lines survive MSBuild and the analyzer config file. Never holds a secret.
    /// </summary>
    public const string MSBuildProperty = "UshadowResolvedValues";

    /// <summary>
    /// Joins the pairs of <see cref="MSBuildProperty"/>. Not <c>;</c>: the compiler's analyzer config parser ends a
    /// value at an unescaped <c>;</c> or <c>#</c> (an inline comment), so only the first pair would arrive.
    /// </summary>
    public const char PairSeparator = ',';

    /// <summary>Encodes <paramref name="values"/> (key and plain value, in display order) for <see cref="MSBuildProperty"/>.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = new StringBuilder();
        foreach (var pair in values)
        {
            if (text.Length > 0)
            {
                text.Append(PairSeparator);
            }
            text.Append(pair.Key).Append('=').Append(Uri.EscapeDataString(pair.Value));
        }
        return text.ToString();
    }

    /// <summary>
    /// The key that carries where <paramref name="key"/>'s value came from (<c>ENV_NAME@source</c>), next to the value in
    /// <see cref="MSBuildProperty"/>: the provenance an AppHost's dashboard shows (Ushadow.Aspire.Hosting). Never a
    /// port key nor a key of <see cref="All"/>, so a generator that does not know it ignores it.
    /// </summary>
    public static string SourceKey(string key) => key + SourceSuffix;

    /// <summary>
    /// The schema version the project declared (<c>UshadowSchemaVersion</c>), handed to the generator only when one is
    /// declared: not a catalogue value, so a project without it gets nothing new (README, Schema changes in shared mode).
    /// </summary>
    public const string SchemaVersionKey = "USHADOW_SCHEMA_VERSION";

    /// <summary>
    /// With <see cref="SchemaVersionKey"/> and a file registry: the state folder whose <c>environments.json</c> the run
    /// time records migrations in (a team registry is found through <c>USHADOW_REGISTRY</c> instead, which may hold a password).
    /// </summary>
    public const string SchemaStateDirectoryKey = "USHADOW_SCHEMA_STATE_DIR";

    /// <summary>The suffix of <see cref="SourceKey"/>.</summary>
    public const string SourceSuffix = "@source";

    /// <summary>Decodes <see cref="MSBuildProperty"/>; pairs without <c>=</c> and unknown keys are kept as they are (the generator reports what it cannot use).</summary>
    public static Dictionary<string, string> Decode(string? encoded)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (encoded ?? string.Empty).Split(PairSeparator))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                values[pair.Substring(0, equals).Trim()] = Uri.UnescapeDataString(pair.Substring(equals + 1));
            }
        }
        return values;
    }
}
