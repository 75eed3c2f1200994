using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Inputs;

/// <summary>
/// The one place that checks each kind of input that is not a name (names: <see cref="Naming"/>). Each rule
/// returns the parsed value or throws the diagnostic that names where the input came from and what is valid.
/// </summary>
internal static class InputRules
{
    /// <summary>The Redis database count when none is set: Redis' own default.</summary>
    public const int DefaultRedisDatabaseCount = 16;

    /// <summary>The largest Redis database count accepted (Redis itself takes any <c>int</c>; more is never meant).</summary>
    public const int MaxRedisDatabaseCount = 65536;

    /// <summary>Whether <paramref name="count"/> is a Redis database count: from 1 to <see cref="MaxRedisDatabaseCount"/>.</summary>
    public static bool IsRedisDatabaseCount(int count) => count is > 0 and <= MaxRedisDatabaseCount;

    /// <summary><c>UshadowRedisDatabaseCount</c>: a whole number from 1 to 65536 (USH1014).</summary>
    public static int RedisDatabaseCount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultRedisDatabaseCount;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && IsRedisDatabaseCount(count))
        {
            return count;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisDatabaseCount,
            $"{BuildProperties.NameOf(nameof(BuildProperties.RedisDatabaseCount))} '{text}' is invalid: use the number of databases of the Redis server (its 'databases' setting), a whole number from 1 to {MaxRedisDatabaseCount}.");
    }

    /// <summary>
    /// <c>UshadowSchemaVersion</c>: the schema version the project's code expects, a whole number from 0 to
    /// <see cref="long.MaxValue"/> such as a migration count or a <c>yyyyMMddHHmm</c> stamp (USH1060); <c>null</c> when unset.
    /// </summary>
    public static long? SchemaVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        throw new UshadowException(DiagnosticCodes.InvalidSchemaVersion,
            $"UshadowSchemaVersion '{text}' is invalid: use a whole number from 0 to {long.MaxValue}, such as a count of migrations (3) or a yyyyMMddHHmm stamp (202612071200), or leave it unset.");
    }

    /// <summary>The ports when <c>UshadowPorts</c> is not set: the original launcher's backend and web UI.</summary>
    public const string DefaultPorts = "BACKEND_PORT=8000;WEBUI_PORT=3000";

    /// <summary>
    /// A port offset from any layer (<c>PORT_OFFSET</c>, <c>UshadowPortOffset</c>, the launcher's <c>port_offset</c>, a
    /// hand edit): a whole number from 0 such that every port stays at most 65535 (USH1013 naming where it came from).
    /// </summary>
    public static int PortOffset(string text, Provenance from, string? file, IReadOnlyList<PortDefinition> ports)
    {
        var highestBase = ports.Count == 0 ? 0 : ports.Max(p => p.Base);
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= MaxPort - highestBase)
        {
            return offset;
        }
        throw new UshadowException(DiagnosticCodes.InvalidPortOffset,
            $"Port offset '{text}' from {from} is invalid: use a whole number from 0 to {MaxPort - highestBase} (the launcher steps offsets by 10; every port, base plus offset, must stay at most {MaxPort}).", file);
    }

    /// <summary>
    /// <c>UshadowPorts</c>: <c>KEY=base</c> pairs separated by <c>;</c> or <c>,</c>; empty means
    /// <see cref="DefaultPorts"/>, <c>none</c> means no port keys (USH1018). A key is an upper-case <c>.env</c> name ending in
    /// <c>_PORT</c>; a base is a port from 1 to 65535.
    /// </summary>
    public static IReadOnlyList<PortDefinition> Ports(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            text = DefaultPorts;
        }
        if (string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var ports = new List<PortDefinition>();
        foreach (var pair in SplitTrimmed(text, ';', ','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? pair[..equals].Trim() : "";
            var baseText = equals > 0 ? pair[(equals + 1)..].Trim() : "";
            if (!IsPortKey(key) || ports.Any(p => p.Key == key)
                || !int.TryParse(baseText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > MaxPort)
            {
                throw new UshadowException(DiagnosticCodes.InvalidPorts,
                    $"{BuildProperties.NameOf(nameof(BuildProperties.Ports))} '{text}' is invalid at '{pair}': use KEY=base pairs separated by ';', each KEY an upper-case name ending in _PORT such as BACKEND_PORT " +
                    $"(letters, digits and '_', each once) and each base a port from 1 to {MaxPort}; " +
                    $"or 'none' for no port keys. The default is {DefaultPorts}.");
            }
            ports.Add(new PortDefinition(key, port));
        }
        return ports;
    }

    /// <summary>A hand-edited port key in <c>.env</c>: a port from 1 to 65535 (USH1018).</summary>
    public static int HandEditedPort(string key, string text, string envFile)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= MaxPort)
        {
            return port;
        }
        throw new UshadowException(DiagnosticCodes.InvalidPorts,
            $"{key} '{text}' in {envFile} is invalid: use a port from 1 to {MaxPort}, or delete the line to have it written from {BuildProperties.NameOf(nameof(BuildProperties.Ports))} and PORT_OFFSET.", envFile);
    }

    private const int MaxPort = 65535;

    private static bool IsPortKey(string key) =>
        ResolvedValueCatalogue.IsPortKey(key) && key.Length <= 64 && key.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    /// <summary>A database mode from any layer, or one the tool is about to store (USH1001 naming where it came from).</summary>
    public static DatabaseMode DatabaseMode(string text, Provenance from, string? file)
    {
        if (DatabaseModes.TryParse(text, out var mode))
        {
            return mode;
        }
        throw new UshadowException(DiagnosticCodes.InvalidDatabaseMode,
            $"Database mode '{text}' from {from} is invalid: use {DatabaseModes.Accepted}.", file);
    }

    /// <summary>A Redis isolation from any layer, or one the tool is about to store (USH1070 naming where it came from).</summary>
    public static RedisIsolation RedisIsolation(string text, Provenance from, string? file)
    {
        if (RedisIsolations.TryParse(text, out var isolation))
        {
            return isolation;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisIsolation,
            $"Redis isolation '{text}' from {from} is invalid: use {RedisIsolations.Accepted}.", file);
    }

    /// <summary>
    /// A Redis key prefix (USH1071): non-empty, no white space, outside the team registry's keys, and neither the start
    /// of another environment's prefix nor started by one (<paramref name="others"/>: id and prefix), which would share keys.
    /// </summary>
    public static string RedisKeyPrefix(string prefix, Provenance from, string? file, IEnumerable<(string Id, string Prefix)> others)
    {
        string? problem = null;
        if (prefix.Length == 0 || prefix.Any(char.IsWhiteSpace) || prefix.Any(c => c is '*' or '?' or '[' or ']' or '\\'))
        {
            problem = "it must be non-empty, without white space or the pattern characters * ? [ ] \\";
        }
        else if (prefix.StartsWith(RedisRegistryStore.KeyPrefix, StringComparison.Ordinal) || prefix.StartsWith(RedisRegistryStore.ClusterHashTag, StringComparison.Ordinal))
        {
            problem = "it lies inside the team registry's keys";
        }
        else if (others.FirstOrDefault(o => o.Prefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(o.Prefix, StringComparison.Ordinal)) is { Id: not null } other)
        {
            problem = $"it overlaps the prefix '{other.Prefix}' of environment {other.Id}, so both would share keys";
        }
        if (problem is null)
        {
            return prefix;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisKeyPrefix,
            $"REDIS_KEY_PREFIX '{prefix}' from {from} is invalid: {problem}. Delete the line to get <app>:<env>:.", file);
    }

    /// <summary>A hand-edited <c>REDIS_DATABASE</c>: a number from 0 to count − 1 (USH1012).</summary>
    public static int HandEditedRedisDatabase(string text, string envFile, int databaseCount)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < databaseCount)
        {
            return number;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisDatabase,
            $"REDIS_DATABASE '{text}' in {envFile} is invalid: use a whole number from 0 to {databaseCount - 1}, or delete the line to get one allocated.", envFile);
    }

    /// <summary>
    /// The non-empty items of a list separated by any of <paramref name="separators"/>, each trimmed (what .NET 5's
    /// <c>TrimEntries | RemoveEmptyEntries</c> gives, written out so .NET Framework reads lists the same way).
    /// </summary>
    internal static string[] SplitTrimmed(string text, params char[] separators) =>
        text.Split(separators).Select(item => item.Trim()).Where(item => item.Length > 0).ToArray();
}
