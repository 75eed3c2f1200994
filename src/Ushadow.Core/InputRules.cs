using System.Globalization;

namespace Ushadow.Core;

/// <summary>
/// The one place that checks each kind of input that is not a name (names: <see cref="Naming"/>). Each rule
/// returns the parsed value or throws the diagnostic that names where the input came from and what is valid.
/// </summary>
internal static class InputRules
{
    /// <summary>The Redis database count when none is set: Redis' own default.</summary>
    public const int DefaultRedisDatabaseCount = 16;

    /// <summary><c>UshadowRedisDatabaseCount</c>: a whole number from 1 to 65536 (USH1014).</summary>
    public static int RedisDatabaseCount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultRedisDatabaseCount;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 65536)
        {
            return count;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisDatabaseCount,
            $"UshadowRedisDatabaseCount '{text}' is invalid: use the number of databases of the Redis server (its 'databases' setting), a whole number from 1 to 65536.");
    }

    /// <summary>The variable <c>PORT_OFFSET</c>: a non-negative whole number (USH1013).</summary>
    public static int? PortOffset(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return offset;
        }
        throw new UshadowException(DiagnosticCodes.InvalidPortOffset,
            $"Environment variable PORT_OFFSET '{text}' is invalid: use a non-negative whole number (the launcher steps offsets by 10).");
    }

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
}
