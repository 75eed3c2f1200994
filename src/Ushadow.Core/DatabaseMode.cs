namespace Ushadow.Core;

/// <summary>Which MongoDB database an environment uses.</summary>
public enum DatabaseMode
{
    /// <summary>All environments use one database, so users, credentials and API keys are shared.</summary>
    Shared,
    /// <summary>Each environment has its own database, <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    Isolated,
}

/// <summary>Text form of <see cref="DatabaseMode"/> as it appears in <c>.env</c>, variables and settings.</summary>
public static class DatabaseModes
{
    /// <summary>The values accepted, for error messages.</summary>
    public const string Accepted = Rules.NamingRules.DatabaseModes;

    /// <summary>Parses <c>shared</c> or <c>isolated</c>, ignoring case and surrounding white space.</summary>
    public static bool TryParse(string? text, out DatabaseMode mode)
    {
        var parsed = Rules.NamingRules.TryParseDatabaseMode(text, out var isolated);
        mode = isolated ? DatabaseMode.Isolated : DatabaseMode.Shared;
        return parsed;
    }

    /// <summary>The lower-case text form written to files.</summary>
    public static string ToText(this DatabaseMode mode) => mode == DatabaseMode.Shared ? "shared" : "isolated";
}
