namespace Ushadow.Core.Model;

/// <summary>Text form of <see cref="RedisIsolation"/> as it appears in <c>.env</c>, variables and settings.</summary>
internal static class RedisIsolations
{
    /// <summary>The values accepted, for error messages.</summary>
    public const string Accepted = Shared.RedisIsolationRules.Accepted;

    /// <summary>Parses <c>database</c> or <c>prefix</c>, ignoring case and surrounding white space.</summary>
    public static bool TryParse(string? text, out RedisIsolation isolation)
    {
        var parsed = Shared.RedisIsolationRules.TryParse(text, out var prefix);
        isolation = prefix ? RedisIsolation.Prefix : RedisIsolation.Database;
        return parsed;
    }

    /// <summary>The lower-case text form written to files.</summary>
    public static string ToText(this RedisIsolation isolation) =>
        isolation == RedisIsolation.Prefix ? Shared.RedisIsolationRules.Prefix : Shared.RedisIsolationRules.Database;
}
