using System.Text.Json;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Core.Schema;

/// <summary>
/// Reads the schema records a registry keeps (README, Schema changes in shared mode), without a lock and without
/// creating anything: for the build's check and <c>ushadow db status</c>. The run time writes them (Ushadow.Hosting).
/// </summary>
internal static class SchemaRegistry
{
    /// <summary>
    /// Every database's record in <paramref name="store"/>, by database name: the file's <c>schemas</c> object, or the team
    /// registry's hash (a server that does not answer gives none: the build goes on without the check).
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1005</c> when the file cannot be read or a record is malformed.</exception>
    public static IReadOnlyDictionary<string, SchemaRecord> Read(IEnvironmentRegistryStore store) =>
        store switch
        {
            FileRegistryStore file => ReadFile(file.Location),
            RedisRegistryStore team => ReadTeam(team).Records,
            _ => new Dictionary<string, SchemaRecord>(StringComparer.Ordinal),
        };

    /// <summary>
    /// The team registry's records, and the databases whose migration lease is held now (a live migrator; an
    /// <c>in_progress</c> without one was interrupted). Empty when the server does not answer.
    /// </summary>
    public static (IReadOnlyDictionary<string, SchemaRecord> Records, ISet<string> Leased) ReadTeam(RedisRegistryStore store)
    {
        var records = new Dictionary<string, SchemaRecord>(StringComparer.Ordinal);
        var leased = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var connection = store.Connect();
            var database = connection.GetDatabase(store.Database);
            foreach (var entry in database.HashGetAll(SchemaRecordJson.TeamSchemasKey))
            {
                var name = entry.Name.ToString();
                try
                {
                    records[name] = SchemaRecordJson.ReadRecordText(name, entry.Value.ToString());
                }
                catch (FormatException e)
                {
                    throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{store.Location}: the schema record of '{name}' is invalid ({e.Message}); fix or delete that field of {SchemaRecordJson.TeamSchemasKey}.", inner: e);
                }
                if (database.KeyExists(SchemaRecordJson.TeamLeaseKey(name)))
                {
                    leased.Add(name);
                }
            }
        }
        catch (StackExchange.Redis.RedisException)
        {
            // Offline: the build's own registry read reports it (USH2050); the schema check has nothing to compare.
        }
        return (records, leased);
    }

    /// <summary>The records of the registry file <paramref name="path"/>; a missing file holds none.</summary>
    public static IReadOnlyDictionary<string, SchemaRecord> ReadFile(string path)
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(path);
        }
        catch (Exception e) when (e is UnreadableFileException or IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{path}: cannot be read ({e.Message}); fix or delete it (it was left as it is)", path, e);
        }
        if (text is null)
        {
            return new Dictionary<string, SchemaRecord>(StringComparer.Ordinal);
        }
        try
        {
            // The environments were read (and the file checked) by the registry's own reader; only 'schemas' is read here.
            return JsonNode.Parse(text) is JsonObject document
                ? SchemaRecordJson.Read(document)
                : new Dictionary<string, SchemaRecord>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{path}: the schema records are invalid ({e.Message}); fix or delete the '{SchemaRecordJson.Key}' object (the file was left as it is)", path, e);
        }
    }
}
