using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ushadow.Cli;

/// <summary>How every <c>--json</c> output is written: indented, camelCase names given by the caller, non-ASCII kept readable.</summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of <paramref name="node"/>.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(Options);

    /// <summary>A time as round-trip UTC text, such as <c>2026-11-28T10:15:00.1234567Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
