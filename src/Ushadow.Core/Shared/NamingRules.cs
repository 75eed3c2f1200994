using System.Text;

namespace Ushadow.Core.Shared;

/// <summary>
/// The naming rules every part of the product applies: to environment and app names, database modes, MongoDB
/// database names and the names derived from them. This one file is compiled into Ushadow.Core (the build, the tool)
/// and into Ushadow.Hosting (the run time), so a value the build accepts is the value the app accepts.
/// </summary>
/// <remarks>Plain string code, no regular expressions or newer APIs: it builds for every target of both assemblies.</remarks>
internal static class NamingRules
{
    /// <summary>The longest environment or app name.</summary>
    public const int MaxNameLength = 48;

    /// <summary>The rule an environment or app name must follow after lower-case folding, for messages.</summary>
    public const string NameRule = "^[a-z0-9][a-z0-9_-]{0,47}$ (lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 48 characters)";

    /// <summary>The accepted database modes, for messages.</summary>
    public const string DatabaseModes = "'shared' or 'isolated' (case-insensitive)";

    /// <summary>MongoDB's rule for database names, for messages.</summary>
    public const string DatabaseNameRule = "A database name is non-empty, shorter than 64 bytes and has none of / \\ . space \" $ * < > : | ? or NUL";

    private const string ForbiddenInDatabaseName = "/\\. \"$*<>:|?\0";

    /// <summary>
    /// Folds a name to lower case (as the original launcher does; MongoDB refuses two database names that differ only
    /// in case), or returns <c>null</c> when the folded name breaks <see cref="NameRule"/>.
    /// </summary>
    public static string? FoldName(string raw)
    {
        var folded = raw.Trim().ToLowerInvariant();
        if (folded.Length == 0 || folded.Length > MaxNameLength || !IsLowerLetterOrDigit(folded[0]))
        {
            return null;
        }
        foreach (var c in folded)
        {
            if (!IsLowerLetterOrDigit(c) && c != '_' && c != '-')
            {
                return null;
            }
        }
        return folded;
    }

    /// <summary>Parses <c>shared</c> or <c>isolated</c>, ignoring case and surrounding white space.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="isolated">Whether the mode is <c>isolated</c>.</param>
    public static bool TryParseDatabaseMode(string? text, out bool isolated)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "shared":
                isolated = false;
                return true;
            case "isolated":
                isolated = true;
                return true;
            default:
                isolated = false;
                return false;
        }
    }

    /// <summary>What breaks MongoDB's rules in <paramref name="name"/> (<see cref="DatabaseNameRule"/>), or <c>null</c> when it is a valid name.</summary>
    public static string? DatabaseNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes >= 64)
        {
            return "it is " + bytes + " bytes long; MongoDB allows at most 63";
        }
        var at = name.IndexOfAny(ForbiddenInDatabaseName.ToCharArray());
        return at < 0 ? null : "it contains '" + (name[at] == '\0' ? "NUL" : name[at].ToString()) + "'";
    }

    /// <summary>The MongoDB database of an environment: the shared one in shared mode; in isolated mode the app name for the app-named environment, else <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    public static string Database(bool isolated, string appName, string environmentName, string sharedDatabaseName) =>
        !isolated ? sharedDatabaseName : IsolatedDatabase(appName, environmentName);

    /// <summary>The MongoDB database of an environment in isolated mode: the app name for the app-named environment, else <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    public static string IsolatedDatabase(string appName, string environmentName) =>
        environmentName == appName ? appName : appName + "_" + environmentName;

    /// <summary>The docker compose project: the app name for the app-named environment, else <c>&lt;app&gt;-&lt;env&gt;</c>.</summary>
    public static string ComposeProjectName(string appName, string environmentName) =>
        environmentName == appName ? appName : appName + "-" + environmentName;

    private static bool IsLowerLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
