using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ushadow.Core.Shared.Runtime;

/// <summary>
/// The schema records inside the registry's JSON: the top-level object <c>schemas</c> of <c>environments.json</c>, one
/// member per MongoDB database. Compiled into the core (the build reads them, <c>ushadow db status</c> shows them) and
/// into Ushadow.Hosting (the run time writes them), so both read and write one shape. A registry written by a version
/// without schemas keeps the object as an unknown top-level key; unknown fields of a record are kept on write.
/// </summary>
/// <example>
/// <code>
/// "schemas": { "ushadow": { "schema_version": 3, "migrated_by": { "environment": "blue", "host": "m1" },
///   "migrated_at": "2026-12-07T12:00:00Z", "in_progress": null } }
/// </code>
/// </example>
internal static class SchemaRecordJson
{
    /// <summary>The top-level key of <c>environments.json</c> that holds the records.</summary>
    public const string Key = "schemas";

    /// <summary>How the registry file is written: indented, relaxed escaping (paths stay readable), <c>\n</c> line ends.</summary>
    public static string FormatDocument(JsonNode document) =>
        document.ToJsonString(Indented).Replace("\r\n", "\n") + "\n";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // The file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every record of <paramref name="document"/> (the registry file as a tree), by database name.</summary>
    /// <exception cref="FormatException">A record is not in the shape written here; the message names the field.</exception>
    public static Dictionary<string, SchemaRecord> Read(JsonObject document)
    {
        var records = new Dictionary<string, SchemaRecord>(StringComparer.Ordinal);
        if (document[Key] is null)
        {
            return records;
        }
        if (document[Key] is not JsonObject schemas)
        {
            throw new FormatException($"'{Key}' must be an object");
        }
        foreach (var member in schemas)
        {
            records[member.Key] = ReadRecord(member.Key, member.Value);
        }
        return records;
    }

    /// <summary>The record of <paramref name="database"/> in <paramref name="document"/>, or <see cref="SchemaRecord.None"/>.</summary>
    public static SchemaRecord Find(JsonObject document, string database) =>
        Read(document).TryGetValue(database, out var record) ? record : SchemaRecord.None(database);

    /// <summary>Writes <paramref name="record"/> into <paramref name="document"/>, keeping the fields of the record it replaces that this version does not know.</summary>
    public static void Write(JsonObject document, SchemaRecord record)
    {
        if (document[Key] is not JsonObject schemas)
        {
            schemas = new JsonObject();
            document[Key] = schemas;
        }
        schemas[record.Database] = RecordObject(record, schemas[record.Database] as JsonObject);
    }

    /// <summary>One record as JSON text, the value of a team registry's <see cref="TeamSchemasKey"/> hash (unknown fields of <paramref name="oldText"/> kept).</summary>
    public static string RecordText(SchemaRecord record, string? oldText) =>
        RecordObject(record, oldText is null ? null : JsonNode.Parse(oldText) as JsonObject).ToJsonString();

    /// <summary>Reads one record stored as JSON text (a team registry's hash value).</summary>
    /// <exception cref="FormatException">The text is not a record; the message names the field.</exception>
    public static SchemaRecord ReadRecordText(string database, string text)
    {
        try
        {
            return ReadRecord(database, JsonNode.Parse(text));
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{Key}.{database}' is not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>
    /// The file registry's lock on <paramref name="database"/>'s migration, held by Ushadow.Hosting for the whole delegate:
    /// <c>&lt;state dir&gt;/schemas/&lt;database&gt;.lock</c>.
    /// </summary>
    public static string MigrationLockPath(string stateDirectory, string database) => Path.Combine(stateDirectory, "schemas", database + ".lock");

    /// <summary>The team registry's hash of records (field: database, value: <see cref="RecordText"/>), beside its environments.</summary>
    public const string TeamSchemasKey = "ushadow:registry:schemas";

    /// <summary>The team registry's lease on <paramref name="database"/>'s migration: a fencing token, with an expiry.</summary>
    public static string TeamLeaseKey(string database) => "ushadow:registry:schema-lease:" + database;

    /// <summary>The counter that hands out fencing tokens for <paramref name="database"/>'s lease (<c>INCR</c>).</summary>
    public static string TeamFenceKey(string database) => "ushadow:registry:schema-fence:" + database;

    private static JsonObject RecordObject(SchemaRecord record, JsonObject? old)
    {
        var entry = old is null ? new JsonObject() : (JsonObject)old.DeepClone();
        entry["schema_version"] = record.Version;
        entry["migrated_by"] = record.Environment is null ? null : new JsonObject { ["environment"] = record.Environment, ["host"] = record.Host };
        entry["migrated_at"] = record.MigratedAt is { } at ? FormatTime(at) : null;
        entry["in_progress"] = record.InProgress is { } migration
            ? new JsonObject
            {
                ["environment"] = migration.Environment,
                ["host"] = migration.Host,
                ["pid"] = migration.ProcessId,
                ["target_version"] = migration.TargetVersion,
                ["started_at"] = FormatTime(migration.StartedAt),
            }
            : null;
        return entry;
    }

    private static SchemaRecord ReadRecord(string database, JsonNode? node)
    {
        var where = $"{Key}.{database}";
        if (node is not JsonObject entry)
        {
            throw new FormatException($"'{where}' must be an object");
        }
        var version = entry["schema_version"] is null ? 0 : Number(entry["schema_version"], where + ".schema_version");
        string? environment = null, host = null;
        if (entry["migrated_by"] is JsonObject by)
        {
            environment = Text(by["environment"], where + ".migrated_by.environment");
            host = Text(by["host"], where + ".migrated_by.host");
        }
        else if (entry["migrated_by"] is not null)
        {
            throw new FormatException($"'{where}.migrated_by' must be an object or null");
        }
        DateTimeOffset? at = entry["migrated_at"] is null ? null : Time(entry["migrated_at"], where + ".migrated_at");
        SchemaMigration? inProgress = null;
        if (entry["in_progress"] is JsonObject running)
        {
            var pid = Number(running["pid"], where + ".in_progress.pid");
            inProgress = new SchemaMigration(
                Text(running["environment"], where + ".in_progress.environment"),
                Text(running["host"], where + ".in_progress.host"),
                pid <= int.MaxValue ? (int)pid : throw new FormatException($"'{where}.in_progress.pid' is not a process id"),
                Number(running["target_version"], where + ".in_progress.target_version"),
                Time(running["started_at"], where + ".in_progress.started_at"));
        }
        else if (entry["in_progress"] is not null)
        {
            throw new FormatException($"'{where}.in_progress' must be an object or null");
        }
        return new SchemaRecord(database, version, environment, host, at, inProgress);
    }

    private static long Number(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0
            ? number
            : throw new FormatException($"'{where}' must be a whole number of 0 or more");

    private static string Text(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new FormatException($"'{where}' must be a string");

    private static DateTimeOffset Time(JsonNode? node, string where) =>
        DateTimeOffset.TryParse(Text(node, where), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"'{where}' must be a date and time such as 2026-01-31T12:00:00Z");

    /// <summary>UTC, round-trip precision, as the registry writes every time.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
