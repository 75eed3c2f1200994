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
    /// Every database's record in <paramref name="store"/>, by database name. The team registry keeps none yet (its
    /// records are not built), so it answers an empty set.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1005</c> when the file cannot be read or a record is malformed.</exception>
    public static IReadOnlyDictionary<string, SchemaRecord> Read(IEnvironmentRegistryStore store) =>
        store is FileRegistryStore file ? ReadFile(file.Location) : new Dictionary<string, SchemaRecord>(StringComparer.Ordinal);

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
