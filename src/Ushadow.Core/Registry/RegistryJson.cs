using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Resolution;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Core.Registry;

/// <summary>
/// The text of <c>environments.json</c>: indented, snake_case, entries in ordinal order of their <c>app/name</c>
/// key, so the same registry always gives the same bytes. Several package versions may share one registry
/// (one per worktree), so writing keeps every field, entry and top-level key this version does not know, and a
/// file whose <c>version</c> is newer than <see cref="Version"/> is refused rather than rewritten.
/// </summary>
/// <remarks>
/// Format 1 (Ushadow.Build 0.1) keyed entries by environment name alone, all of app <c>ushadow</c>; format 2
/// keys them by <c>app/name</c> and records <c>app</c>, <c>name</c> and <c>sources</c>. Format 1 is read and
/// written back as format 2.
/// </remarks>
internal sealed class RegistryJson
{
    public const int Version = 2;

    /// <summary>
    /// The <c>kind</c> of an entry in Redis prefix mode (docs/decisions.md, Redis key prefixes): it claims no Redis number,
    /// and readers of earlier versions skip an entry of a kind they do not know and keep it, so they never see two
    /// entries on database 0. Additive: no format change.
    /// </summary>
    internal const string PrefixEntryKind = "redis_prefix";

    private const string FixHint = "fix or delete the file (it was left as it is)";

    // The file as a JSON tree, which writing starts from; read only when a registry read with the quick reader is written.
    private JsonObject? _document;
    private Dictionary<EnvironmentId, JsonObject>? _entries;
    private readonly string? _path;
    private readonly string? _text;

    private RegistryJson(JsonObject document, List<RegisteredEnvironment> environments, Dictionary<EnvironmentId, JsonObject> entries)
    {
        _document = document;
        Environments = environments;
        _entries = entries;
    }

    private RegistryJson(string path, string text, List<RegisteredEnvironment> environments)
    {
        _path = path;
        _text = text;
        Environments = environments;
    }

    /// <summary>The environments the file holds (entries of kinds this version does not know are kept aside).</summary>
    public IReadOnlyList<RegisteredEnvironment> Environments { get; }

    /// <summary>This package's version, written as <c>written_by</c> and named in the too-new error.</summary>
    public static string PackageVersion { get; } =
        (typeof(RegistryJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown")
            .Split('+')[0];

    /// <summary>An empty registry (no file yet).</summary>
    public static RegistryJson Empty() => new(new JsonObject(), [], []);

    /// <summary>Parses the file's text; any problem is <c>USH1005</c> (or <c>USH1020</c> for a newer format) naming <paramref name="path"/>.</summary>
    public static RegistryJson Read(string path, string text)
    {
        // Every build reads the registry in a fresh process: a valid file is read with a Utf8JsonReader, which costs
        // a fraction of building a JsonNode tree there; anything else (every error included) takes the tree's way.
        if (TryReadEnvironments(text, out var environments))
        {
            return new RegistryJson(path, text, environments);
        }
        return ReadTree(path, text);
    }

    internal static RegistryJson ReadTree(string path, string text)
    {
        try
        {
            return Parse(path, text);
        }
        catch (ArgumentException e)
        {
            // System.Text.Json.Nodes reports a key that appears twice in one object this way.
            throw Invalid(path, $"a key appears twice in one object ({e.Message})", e);
        }
    }

    private static RegistryJson Parse(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject document)
        {
            throw Invalid(path, $"expected a JSON object, found {Describe(node)}");
        }

        var version = Required(path, document, "version", "");
        if (version is not JsonValue versionValue || !versionValue.TryGetValue<int>(out var format) || format < 1)
        {
            throw Invalid(path, "'version' must be a whole number from 1 up");
        }
        if (format > Version)
        {
            var writer = document["written_by"] is JsonValue w && w.TryGetValue<string>(out var by) ? by : "a newer Ushadow.Build";
            throw new UshadowException(DiagnosticCodes.RegistryFormatTooNew,
                $"{path}: registry format {format} was written by {writer}; this Ushadow.Build {PackageVersion} reads format {Version} and will not rewrite it. " +
                $"Update the Ushadow.Build package of this project to the version named (or newer), or point UshadowStateDirectory elsewhere.",
                path);
        }

        if (Required(path, document, "environments", "") is not JsonObject environments)
        {
            throw Invalid(path, $"'environments' must be an object, found {Describe(document["environments"])}");
        }

        var result = new List<RegisteredEnvironment>();
        var entries = new Dictionary<EnvironmentId, JsonObject>();
        var owners = new Dictionary<int, EnvironmentId>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in environments)
        {
            if (!seenKeys.Add(key))
            {
                throw Invalid(path, $"environment '{key}' appears twice");
            }
            if (value is not JsonObject entry)
            {
                throw Invalid(path, $"'environments.{key}' must be an object, found {Describe(value)}");
            }
            if (entry["kind"] is JsonValue kind && kind.TryGetValue<string>(out var kindText) && kindText != "environment" && kindText != PrefixEntryKind)
            {
                continue; // an entry kind of a newer version: kept as it is on write
            }
            var environment = ReadEntry(path, key, entry, format);
            if (entries.ContainsKey(environment.Id))
            {
                throw Invalid(path, $"environment '{environment.Id}' appears twice");
            }
            // Two entries on one number would be the very sharing the registry exists to prevent.
            if (environment.HoldsRedisDatabase && owners.TryGetValue(environment.RedisDatabase, out var other))
            {
                throw Invalid(path, $"'{other}' and '{environment.Id}' both hold redis_database {environment.RedisDatabase}");
            }
            if (environment.HoldsRedisDatabase)
            {
                owners.Add(environment.RedisDatabase, environment.Id);
            }
            entries.Add(environment.Id, entry);
            result.Add(environment);
        }
        return new RegistryJson(document, result, entries);
    }

    /// <summary>
    /// The file's text holding <paramref name="environments"/>: every unknown top-level key, unknown entry kind
    /// and unknown field of a kept entry is carried over from the file as read.
    /// </summary>
    public string Write(IEnumerable<RegisteredEnvironment> environments)
    {
        if (_document is null)
        {
            var tree = ReadTree(_path!, _text!);
            (_document, _entries) = (tree._document!, tree._entries!);
        }
        var document = (JsonObject)_document.DeepClone();
        document["version"] = Version;
        document["written_by"] = "Ushadow.Build " + PackageVersion;

        var written = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        if (document["environments"] is JsonObject old)
        {
            foreach (var (key, value) in old)
            {
                if (value is JsonObject entry && entry["kind"] is JsonValue kind && kind.TryGetValue<string>(out var kindText) && kindText != "environment")
                {
                    written[key] = entry.DeepClone();
                }
            }
        }
        foreach (var environment in environments)
        {
            written[environment.Id.ToString()] = WriteEntry(environment, _entries!.GetValueOrDefault(environment.Id));
        }
#if USHADOW_SIMULATE_NEXT_FORMAT
        // ... and an entry kind it does not know.
        written["next/ushadow"] = new JsonObject { ["kind"] = "port-reservation", ["app"] = "ushadow", ["ports"] = new JsonArray(8000, 3000) };
#endif
        var environmentsNode = new JsonObject();
        foreach (var (key, value) in written)
        {
            environmentsNode[key] = value;
        }
        document["environments"] = environmentsNode;
        return SchemaRecordJson.FormatDocument(document);
    }

    /// <summary>
    /// One entry as JSON: the owned fields of <paramref name="environment"/> over a copy of <paramref name="read"/>
    /// (the entry as read, whose unknown fields are kept). The Redis registry stores entries in this shape too.
    /// </summary>
    internal static JsonObject WriteEntry(RegisteredEnvironment environment, JsonObject? read)
    {
        var entry = read is null ? new JsonObject() : (JsonObject)read.DeepClone();
        entry["app"] = environment.AppName;
        entry["name"] = environment.Name;
        entry["root"] = environment.Root;
        if (environment.Host is { } host)
        {
            entry["host"] = host;
        }
        entry["redis_database"] = environment.RedisDatabase;
        entry["database_mode"] = environment.Mode.ToText();
        entry["mongodb_database"] = environment.MongoDatabase;
        if (environment.PortOffset is { } offset)
        {
            entry["port_offset"] = offset;
        }
        else
        {
            entry.Remove("port_offset");
        }
        if (environment.DeclaredSchemaVersion is { } declared)
        {
            entry["declared_schema_version"] = declared;
        }
        else
        {
            entry.Remove("declared_schema_version");
        }
        // Written only in prefix mode: an entry in the default mode stays as earlier versions wrote it. A prefix entry
        // has a kind of its own, which a file registry reader of an older version skips (and keeps): it holds no number.
        if (environment.RedisIsolation == RedisIsolation.Prefix)
        {
            entry["kind"] = PrefixEntryKind;
            entry["redis_isolation"] = environment.RedisIsolation.ToText();
            entry["redis_key_prefix"] = environment.RedisKeyPrefix;
            if (environment.RedisUsername is { } user)
            {
                entry["redis_username"] = user;
            }
            else
            {
                entry.Remove("redis_username");
            }
        }
        else
        {
            if (entry["kind"] is JsonValue kind && kind.TryGetValue<string>(out var kindText) && kindText == PrefixEntryKind)
            {
                entry.Remove("kind");
            }
            entry.Remove("redis_isolation");
            entry.Remove("redis_key_prefix");
            entry.Remove("redis_username");
        }
        entry["updated_at"] = FormatTime(environment.UpdatedAt);
        entry["env_file"] = StringObject(environment.EnvFileValues.Select(p => (p.Key, p.Value)));
        entry["sources"] = StringObject(environment.Sources.Select(p => (p.Key, Layers.ToText(p.Value))));
#if USHADOW_SIMULATE_NEXT_FORMAT
        entry["docker_context"] = "default"; // build/crash's "next" version: a field this version does not know
#endif
        return entry;
    }

    /// <summary>
    /// Reads one entry stored as JSON text (the Redis registry's shape); a problem is <c>USH1005</c> naming
    /// <paramref name="source"/>. Returns the entry and its JSON, whose unknown fields the writer keeps.
    /// </summary>
    internal static (RegisteredEnvironment Environment, JsonObject Json) ReadEntryText(string source, string key, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw Invalid(source, $"entry '{key}' is not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject entry)
        {
            throw Invalid(source, $"entry '{key}' must be a JSON object, found {Describe(node)}");
        }
        return (ReadEntry(source, key, entry, Version), entry);
    }

    /// <summary>An owned map of strings, keys sorted.</summary>
    private static JsonObject StringObject(IEnumerable<(string Key, string Value)> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            map[key] = value;
        }
        return map;
    }

    private static RegisteredEnvironment ReadEntry(string path, string key, JsonObject value, int format)
    {
        var where = $"environments.{key}";
        if (string.IsNullOrWhiteSpace(key))
        {
            throw Invalid(path, "an environment name is empty");
        }

        var app = EnvironmentResolver.DefaultAppName;
        var name = key;
        if (format >= 2)
        {
            app = RequiredString(path, value, "app", where);
            name = RequiredString(path, value, "name", where);
        }

        var root = RequiredString(path, value, "root", where);
        if (!Path.IsPathFullyQualified(root))
        {
            throw Invalid(path, $"'{where}.root' must be a full path, found '{root}'");
        }

        if (Required(path, value, "redis_database", where) is not JsonValue redis
            || redis.GetValueKind() != JsonValueKind.Number || !redis.TryGetValue<int>(out var database) || database < 0)
        {
            throw Invalid(path, $"'{where}.redis_database' must be a whole number of 0 or more");
        }

        var modeText = RequiredString(path, value, "database_mode", where);
        if (!DatabaseModes.TryParse(modeText, out var mode))
        {
            throw Invalid(path, $"'{where}.database_mode' must be {DatabaseModes.Accepted}, found '{modeText}'");
        }

        var mongo = RequiredString(path, value, "mongodb_database", where);

        int? portOffset = null;
        if (value["port_offset"] is { } offsetNode)
        {
            if (offsetNode is not JsonValue offsetValue || offsetValue.GetValueKind() != JsonValueKind.Number || !offsetValue.TryGetValue<int>(out var offset) || offset < 0)
            {
                throw Invalid(path, $"'{where}.port_offset' must be a whole number of 0 or more");
            }
            portOffset = offset;
        }

        long? declared = null;
        if (value["declared_schema_version"] is { } declaredNode)
        {
            if (declaredNode is not JsonValue declaredValue || declaredValue.GetValueKind() != JsonValueKind.Number || !declaredValue.TryGetValue<long>(out var version) || version < 0)
            {
                throw Invalid(path, $"'{where}.declared_schema_version' must be a whole number of 0 or more");
            }
            declared = version;
        }

        var updatedText = RequiredString(path, value, "updated_at", where);
        if (!DateTimeOffset.TryParse(updatedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
        {
            throw Invalid(path, $"'{where}.updated_at' must be a date and time such as 2026-01-31T12:00:00Z, found '{updatedText}'");
        }

        // env_file and sources are memories of the last build; missing ones mean "nothing remembered".
        var envFile = StringMap(path, value, "env_file", where);
        var sources = new Dictionary<string, SettingLayer>(StringComparer.Ordinal);
        foreach (var (source, layerText) in StringMap(path, value, "sources", where))
        {
            if (Layers.TryParse(layerText, out var layer))
            {
                sources[source] = layer; // a layer a newer version invented is simply not remembered
            }
        }

        var isolation = RedisIsolation.Database;
        if (value["redis_isolation"] is { } isolationNode
            && (isolationNode is not JsonValue isolationValue || isolationValue.GetValueKind() != JsonValueKind.String || !RedisIsolations.TryParse(isolationValue.GetValue<string>(), out isolation)))
        {
            throw Invalid(path, $"'{where}.redis_isolation' must be {RedisIsolations.Accepted}");
        }

        string? keyPrefix = null;
        if (isolation == RedisIsolation.Prefix
            && (value["redis_key_prefix"] is not JsonValue prefixValue || prefixValue.GetValueKind() != JsonValueKind.String || (keyPrefix = prefixValue.GetValue<string>()).Length == 0))
        {
            throw Invalid(path, $"'{where}.redis_key_prefix' must be a non-empty string in prefix mode");
        }

        var user = isolation == RedisIsolation.Prefix && value["redis_username"] is JsonValue userValue && userValue.GetValueKind() == JsonValueKind.String
            ? userValue.GetValue<string>()
            : null;

        var host = value["host"] is JsonValue hostValue && hostValue.GetValueKind() == JsonValueKind.String ? hostValue.GetValue<string>() : null;
        return new RegisteredEnvironment(name, root, database, mode, mongo, updated, envFile)
        {
            AppName = app, Sources = sources, PortOffset = portOffset, Host = host, RedisIsolation = isolation, RedisKeyPrefix = keyPrefix, RedisUsername = user, DeclaredSchemaVersion = declared,
        };
    }

    private static Dictionary<string, string> StringMap(string path, JsonObject owner, string name, string where)
    {
        // Not sorted: order is the writer's business (StringObject), and a SortedDictionary of strings is JIT compiled in every build.
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner[name] is null)
        {
            return map;
        }
        if (owner[name] is not JsonObject values)
        {
            throw Invalid(path, $"'{where}.{name}' must be an object of strings");
        }
        foreach (var (key, item) in values)
        {
            if (item is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid(path, $"'{where}.{name}.{key}' must be a string");
            }
            map[key] = text.GetValue<string>();
        }
        return map;
    }

    /// <summary>
    /// Reads the environments of a registry <see cref="Parse"/> accepts, to the same values, with a
    /// <see cref="Utf8JsonReader"/>. Returns <c>false</c> for anything unusual (every error, a key written twice, a newer
    /// format, a <c>kind</c> that is not text, <c>environments</c> before <c>version</c>): <see cref="Parse"/> then
    /// reads the file and reports what is wrong.
    /// </summary>
    internal static bool TryReadEnvironments(string text, [NotNullWhen(true)] out List<RegisteredEnvironment>? environments)
    {
        environments = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowTrailingCommas = false });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var format = 0;
            List<RegisteredEnvironment>? read = null;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!keys.Add(name) || !reader.Read())
                {
                    return false;
                }
                if (name == "version")
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out format) || format < 1 || format > Version)
                    {
                        return false;
                    }
                }
                else if (name == "environments")
                {
                    if (format == 0 || reader.TokenType != JsonTokenType.StartObject || !TryReadEntries(ref reader, format, out read))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            // The object is closed, and nothing but white space follows it (the reader throws on anything else).
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || read is null)
            {
                return false;
            }
            environments = read;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadEntries(ref Utf8JsonReader reader, int format, [NotNullWhen(true)] out List<RegisteredEnvironment>? environments)
    {
        environments = null;
        var result = new List<RegisteredEnvironment>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var owners = new HashSet<int>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!keys.Add(key) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject || !TryReadEntry(ref reader, key, format, out var environment))
            {
                return false;
            }
            if (environment is null)
            {
                continue; // an entry kind of a newer version: kept as it is on write
            }
            if (!ids.Add(environment.Id.ToString()) || (environment.HoldsRedisDatabase && !owners.Add(environment.RedisDatabase)))
            {
                return false;
            }
            result.Add(environment);
        }
        environments = result;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>One entry as <see cref="ReadEntry"/> reads it; <paramref name="environment"/> is <c>null</c> for an entry of another kind.</summary>
    private static bool TryReadEntry(ref Utf8JsonReader reader, string key, int format, out RegisteredEnvironment? environment)
    {
        environment = null;
        string? kind = null, app = null, name = null, root = null, mode = null, mongo = null, updated = null, host = null, isolationText = null, keyPrefix = null, user = null;
        int? redis = null, portOffset = null;
        long? declared = null;
        var valid = true; // false once port_offset, env_file or sources holds what an entry may not
        Dictionary<string, string>? envFile = null, sources = null;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            if (!fields.Add(field) || !reader.Read())
            {
                return false;
            }
            switch (field)
            {
                case "kind":
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        kind = reader.GetString();
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        return false;
                    }
                    break;
                case "app": app = StringOrNull(ref reader); break;
                case "name": name = StringOrNull(ref reader); break;
                case "root": root = StringOrNull(ref reader); break;
                case "database_mode": mode = StringOrNull(ref reader); break;
                case "mongodb_database": mongo = StringOrNull(ref reader); break;
                case "updated_at": updated = StringOrNull(ref reader); break;
                case "host": host = StringOrNull(ref reader); break;
                case "redis_isolation":
                    isolationText = StringOrNull(ref reader);
                    valid &= isolationText is not null;
                    break;
                case "redis_key_prefix": keyPrefix = StringOrNull(ref reader); break;
                case "redis_username": user = StringOrNull(ref reader); break;
                case "redis_database": redis = WholeNumberOrNull(ref reader); break;
                case "port_offset" when reader.TokenType != JsonTokenType.Null:
                    portOffset = WholeNumberOrNull(ref reader);
                    valid &= portOffset is not null;
                    break;
                case "declared_schema_version" when reader.TokenType != JsonTokenType.Null:
                    declared = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var version) && version >= 0 ? version : null;
                    valid &= declared is not null;
                    reader.Skip();
                    break;
                case "env_file" or "sources" when reader.TokenType != JsonTokenType.Null:
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        valid = false;
                        reader.Skip();
                        break;
                    }
                    if (!TryReadStringMap(ref reader, out var map, ref valid))
                    {
                        return false;
                    }
                    if (field == "env_file")
                    {
                        envFile = map;
                    }
                    else
                    {
                        sources = map;
                    }
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return false;
        }
        if (kind is not null && kind != "environment" && kind != PrefixEntryKind)
        {
            return true;
        }

        if (format < 2)
        {
            app = EnvironmentResolver.DefaultAppName;
            name = key;
        }
        if (!valid || app is null || name is null || string.IsNullOrWhiteSpace(key) || root is null || !Path.IsPathFullyQualified(root) || redis is not { } redisDatabase
            || !DatabaseModes.TryParse(mode, out var databaseMode) || mongo is null || updated is null
            || !DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updatedAt))
        {
            return false;
        }
        var isolation = RedisIsolation.Database;
        if (isolationText is not null && !RedisIsolations.TryParse(isolationText, out isolation))
        {
            return false;
        }
        if (isolation == RedisIsolation.Prefix ? string.IsNullOrEmpty(keyPrefix) : keyPrefix is not null)
        {
            return false; // the tree reader names what is wrong
        }
        var layers = new Dictionary<string, SettingLayer>(StringComparer.Ordinal);
        if (sources is not null)
        {
            foreach (var pair in sources)
            {
                if (Layers.TryParse(pair.Value, out var layer))
                {
                    layers[pair.Key] = layer;
                }
            }
        }
        environment = new RegisteredEnvironment(name, root, redisDatabase, databaseMode, mongo, updatedAt, envFile ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            AppName = app,
            Sources = layers,
            PortOffset = portOffset,
            Host = host,
            DeclaredSchemaVersion = declared,
            RedisIsolation = isolation,
            RedisKeyPrefix = keyPrefix,
            RedisUsername = isolation == RedisIsolation.Prefix ? user : null,
        };
        return true;
    }

    /// <summary>A string value, else <c>null</c> (a required field that is <c>null</c> fails the entry, as in <see cref="RequiredString"/>).</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return value;
    }

    /// <summary>A whole number of 0 or more that fits an <see cref="int"/>, else <c>null</c>.</summary>
    private static int? WholeNumberOrNull(ref Utf8JsonReader reader)
    {
        int? value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number >= 0 ? number : null;
        reader.Skip();
        return value;
    }

    /// <summary>An object of strings as <see cref="StringMap"/> reads it; a value of another type makes <paramref name="valid"/> false.</summary>
    private static bool TryReadStringMap(ref Utf8JsonReader reader, out Dictionary<string, string> map, ref bool valid)
    {
        map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (map.ContainsKey(key) || !reader.Read())
            {
                return false;
            }
            if (reader.TokenType == JsonTokenType.String)
            {
                map[key] = reader.GetString()!;
            }
            else
            {
                valid = false;
                map[key] = "";
                reader.Skip();
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>UTC, round-trip precision, so reading back gives the same instant and the same text.</summary>
    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonNode Required(string path, JsonObject owner, string name, string where) =>
        owner.TryGetPropertyValue(name, out var value) && value is not null
            ? value
            : throw Invalid(path, where.Length == 0 ? $"'{name}' is missing" : $"'{where}.{name}' is missing");

    private static string RequiredString(string path, JsonObject owner, string name, string where)
    {
        var value = Required(path, owner, name, where);
        if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid(path, $"'{where}.{name}' must be a string, found {Describe(value)}");
        }
        return text.GetValue<string>();
    }

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static UshadowException Invalid(string path, string what, Exception? inner = null) =>
        new(DiagnosticCodes.InvalidRegistry, $"{path}: {what}; {FixHint}", path, inner);
}
