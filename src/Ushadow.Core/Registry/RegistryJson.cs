using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ushadow.Core.Registry;

/// <summary>
/// The text of <c>environments.json</c>: indented, snake_case, entries and keys in ordinal order, so the
/// same registry always gives the same bytes and an unchanged registry is never rewritten.
/// </summary>
internal static class RegistryJson
{
    public const int Version = 1;

    private const string FixHint = "fix or delete the file (it was left as it is)";

    public static string Write(IEnumerable<RegisteredEnvironment> environments)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps non-ASCII paths readable; the file is never embedded in HTML.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteStartObject("environments");
            foreach (var environment in environments.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject(environment.Name);
                writer.WriteString("root", environment.Root);
                writer.WriteNumber("redis_database", environment.RedisDatabase);
                writer.WriteString("database_mode", environment.Mode.ToText());
                writer.WriteString("mongodb_database", environment.MongoDatabase);
                writer.WriteString("updated_at", FormatTime(environment.UpdatedAt));
                writer.WriteStartObject("env_file");
                foreach (var (key, value) in environment.EnvFileValues.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Parses the file's text; any problem is <c>USH1005</c> naming <paramref name="path"/>.</summary>
    public static List<RegisteredEnvironment> Read(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, $"expected a JSON object, found {Describe(root.ValueKind)}");
            }
            var version = RequiredProperty(path, root, "version", "");
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number))
            {
                throw Invalid(path, "'version' must be a whole number");
            }
            if (number != Version)
            {
                throw Invalid(path, $"version {number} is not supported (this package reads version {Version})");
            }

            var environments = RequiredProperty(path, root, "environments", "");
            if (environments.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, $"'environments' must be an object, found {Describe(environments.ValueKind)}");
            }

            var result = new List<RegisteredEnvironment>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var owners = new Dictionary<int, string>();
            foreach (var entry in environments.EnumerateObject())
            {
                if (!names.Add(entry.Name))
                {
                    throw Invalid(path, $"environment '{entry.Name}' appears twice");
                }
                var environment = ReadEntry(path, entry);
                // Two entries on one number would be the very sharing the registry exists to prevent.
                if (owners.TryGetValue(environment.RedisDatabase, out var other))
                {
                    throw Invalid(path, $"'{other}' and '{entry.Name}' both hold redis_database {environment.RedisDatabase}");
                }
                owners.Add(environment.RedisDatabase, entry.Name);
                result.Add(environment);
            }
            return result;
        }
    }

    private static RegisteredEnvironment ReadEntry(string path, JsonProperty entry)
    {
        var where = $"environments.{entry.Name}";
        if (string.IsNullOrWhiteSpace(entry.Name))
        {
            throw Invalid(path, "an environment name is empty");
        }
        if (entry.Value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"'{where}' must be an object, found {Describe(entry.Value.ValueKind)}");
        }
        var value = entry.Value;

        var root = RequiredString(path, value, "root", where);
        if (!Path.IsPathFullyQualified(root))
        {
            throw Invalid(path, $"'{where}.root' must be a full path, found '{root}'");
        }

        var redis = RequiredProperty(path, value, "redis_database", where);
        if (redis.ValueKind != JsonValueKind.Number || !redis.TryGetInt32(out var database) || database < 0)
        {
            throw Invalid(path, $"'{where}.redis_database' must be a whole number of 0 or more");
        }

        var modeText = RequiredString(path, value, "database_mode", where);
        if (!DatabaseModes.TryParse(modeText, out var mode))
        {
            throw Invalid(path, $"'{where}.database_mode' must be {DatabaseModes.Accepted}, found '{modeText}'");
        }

        var mongo = RequiredString(path, value, "mongodb_database", where);

        var updatedText = RequiredString(path, value, "updated_at", where);
        if (!DateTimeOffset.TryParse(updatedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
        {
            throw Invalid(path, $"'{where}.updated_at' must be a date and time such as 2026-01-31T12:00:00Z, found '{updatedText}'");
        }

        // env_file is only a memory of what the package wrote; a missing one means "nothing remembered".
        var envFile = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (value.TryGetProperty("env_file", out var envElement))
        {
            if (envElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, $"'{where}.env_file' must be an object of strings");
            }
            foreach (var pair in envElement.EnumerateObject())
            {
                if (pair.Value.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(path, $"'{where}.env_file.{pair.Name}' must be a string");
                }
                envFile[pair.Name] = pair.Value.GetString()!;
            }
        }

        return new RegisteredEnvironment(entry.Name, root, database, mode, mongo, updated, envFile);
    }

    /// <summary>UTC, round-trip precision, so reading back gives the same instant and the same text.</summary>
    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonElement RequiredProperty(string path, JsonElement owner, string name, string where)
    {
        if (!owner.TryGetProperty(name, out var value))
        {
            throw Invalid(path, where.Length == 0 ? $"'{name}' is missing" : $"'{where}.{name}' is missing");
        }
        return value;
    }

    private static string RequiredString(string path, JsonElement owner, string name, string where)
    {
        var value = RequiredProperty(path, owner, name, where);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid(path, $"'{where}.{name}' must be a string, found {Describe(value.ValueKind)}");
        }
        return value.GetString()!;
    }

    private static string Describe(JsonValueKind kind) => kind switch
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
