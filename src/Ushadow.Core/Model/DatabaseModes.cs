namespace Ushadow.Core.Model;

/// <summary>Text form of <see cref="DatabaseMode"/> as it appears in <c>.env</c>, variables and settings.</summary>
internal static class DatabaseModes
{
    /// <summary>The values accepted, for error messages.</summary>
    public const string Accepted = Shared.NamingRules.DatabaseModes;

    /// <summary>Parses <c>shared</c> or <c>isolated</c>, ignoring case and surrounding white space.</summary>
    public static bool TryParse(string? text, out DatabaseMode mode)
    {
        var parsed = Shared.NamingRules.TryParseDatabaseMode(text, out var isolated);
        mode = isolated ? DatabaseMode.Isolated : DatabaseMode.Shared;
        return parsed;
    }

    /// <summary>The lower-case text form written to files.</summary>
    public static string ToText(this DatabaseMode mode) => mode == DatabaseMode.Shared ? "shared" : "isolated";
}
