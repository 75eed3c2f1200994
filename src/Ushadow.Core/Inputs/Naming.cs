using System.Text.RegularExpressions;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Inputs;

/// <summary>The naming rules for environment and app names, database names and compose project names.</summary>
internal static partial class Naming
{
    /// <summary>The rule an environment or app name must follow after lower-case folding.</summary>
    public const string NameRule = NamingRules.NameRule;

    /// <summary>
    /// Folds <paramref name="raw"/> to lower case (as the original launcher does; MongoDB refuses two database
    /// names that differ only in case) and checks it, or throws USH1002 naming <paramref name="origin"/>.
    /// </summary>
    public static string EnvironmentName(string raw, Provenance origin) =>
        FoldAndCheck(raw, origin, DiagnosticCodes.InvalidEnvironmentName, "environment name");

    /// <summary>Folds and checks an app name, or throws USH1015.</summary>
    public static string AppName(string raw, Provenance origin) =>
        FoldAndCheck(raw, origin, DiagnosticCodes.InvalidAppName, "app name");

    /// <summary>
    /// Checks a MongoDB database name against MongoDB's rules (non-empty, fewer than 64 bytes, none of
    /// <c>/\. "$*&lt;&gt;:|?</c> or NUL), or throws USH1003 naming where it came from.
    /// </summary>
    public static string DatabaseName(string name, Provenance origin)
    {
        if (NamingRules.DatabaseNameProblem(name) is { } problem)
        {
            throw new UshadowException(
                DiagnosticCodes.InvalidDatabaseName,
                $"MongoDB database name '{name}' from {origin} is invalid: {problem}. {NamingRules.DatabaseNameRule}.");
        }
        return name;
    }

    /// <summary>The MongoDB database of an environment in isolated mode: the app name for the app-named environment, else <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    public static string IsolatedDatabase(string appName, string environmentName) => NamingRules.IsolatedDatabase(appName, environmentName);

    /// <summary>The docker compose project: the app name for the app-named environment, else <c>&lt;app&gt;-&lt;env&gt;</c>.</summary>
    public static string ComposeProjectName(string appName, string environmentName) => NamingRules.ComposeProjectName(appName, environmentName);

    /// <summary>
    /// docker compose's rule for project names (compose-spec; Compose v2 refuses others, Compose v1 silently strips
    /// characters and so would run another project).
    /// </summary>
    public const string ComposeProjectRule = "^[a-z0-9][a-z0-9_-]*$ (docker compose's rule: lower-case letters, digits, '_' and '-', starting with a lower-case letter or digit)";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ComposeProjectPattern();

    /// <summary>Checks a docker compose project name (a hand edit of <c>COMPOSE_PROJECT_NAME</c>), or throws USH1021 naming where it came from.</summary>
    public static string ComposeProject(string name, Provenance origin, string? file)
    {
        if (!ComposeProjectPattern().IsMatch(name))
        {
            throw new UshadowException(DiagnosticCodes.InvalidComposeProjectName,
                $"COMPOSE_PROJECT_NAME '{name}' from {origin} is invalid: it must match {ComposeProjectRule}. Fix it, or delete the line to have it written.", file);
        }
        return name;
    }

    private static string FoldAndCheck(string raw, Provenance origin, string code, string what)
    {
        return NamingRules.FoldName(raw)
            ?? throw new UshadowException(code, $"The {what} '{raw}' from {origin} is invalid: after lower-case folding it must match {NameRule}.");
    }
}
