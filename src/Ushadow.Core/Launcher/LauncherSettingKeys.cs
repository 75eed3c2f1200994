using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Launcher;

/// <summary>
/// The launcher settings keys the tool may set, and the one place that validates a value for each: with
/// the build's own rules (database mode, database name), so a value the tool writes never fails a build.
/// </summary>
internal static class LauncherSettingKeys
{
    /// <summary><c>shared</c> or <c>isolated</c>; global or per environment.</summary>
    public const string DatabaseMode = "database_mode";
    /// <summary>The database every environment in shared mode uses; global or per environment.</summary>
    public const string SharedDatabaseName = "shared_database_name";
    /// <summary>The admin login written to each environment's <c>secrets.yaml</c>; global only.</summary>
    public const string DefaultAdminEmail = "default_admin_email";
    /// <summary>The admin display name; global only.</summary>
    public const string DefaultAdminName = "default_admin_name";
    /// <summary>The admin password; global only, never shown, never taken from the command line.</summary>
    public const string DefaultAdminPassword = "default_admin_password";
    /// <summary>The environment's port offset (README, Ports); per environment only, read by the build.</summary>
    public const string PortOffset = "port_offset";
    /// <summary><c>database</c> or <c>prefix</c> (README, Redis at team scale); global or per environment.</summary>
    public const string RedisIsolation = "redis_isolation";
    /// <summary>The object of per-environment overrides.</summary>
    public const string Environments = "environments";

    /// <summary>Every key the tool sets, in the order it shows them.</summary>
    public static IReadOnlyList<string> Settable { get; } =
        [DatabaseMode, SharedDatabaseName, DefaultAdminEmail, DefaultAdminName, DefaultAdminPassword, RedisIsolation];

    /// <summary>The keys that may also be set for one environment under <c>environments.&lt;env&gt;</c> (the build reads only these there).</summary>
    public static IReadOnlyList<string> PerEnvironment { get; } = [DatabaseMode, SharedDatabaseName, RedisIsolation];

    /// <summary>The admin keys, whose change can leave environments' <c>secrets.yaml</c> behind.</summary>
    public static IReadOnlyList<string> Admin { get; } = [DefaultAdminEmail, DefaultAdminName, DefaultAdminPassword];

    /// <summary>Whether a change of <paramref name="key"/> can move an environment to another MongoDB database.</summary>
    public static bool ChoosesDatabase(string key) => key is DatabaseMode or SharedDatabaseName;

    /// <summary>Whether the value of <paramref name="key"/> is a secret: shown as <c>***</c>, read from standard input only.</summary>
    public static bool IsSecret(string key) => key == DefaultAdminPassword;

    /// <summary>
    /// Checks <paramref name="value"/> for <paramref name="key"/> with the build's rules and returns the text to
    /// store (a mode in lower case); throws the build's code otherwise: USH1001 mode, USH1003 database name,
    /// USH1016 admin values, USH1070 Redis isolation. The message never quotes a password.
    /// </summary>
    /// <param name="key">One of <see cref="Settable"/>.</param>
    /// <param name="value">The value to check.</param>
    /// <param name="origin">Where the value is going, named in the message (file and key).</param>
    public static string Validate(string key, string value, Provenance origin)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(origin);
        switch (key)
        {
            case DatabaseMode:
                return InputRules.DatabaseMode(value, origin, file: null).ToText();
            case SharedDatabaseName:
                return Naming.DatabaseName(value, origin);
            case RedisIsolation:
                return InputRules.RedisIsolation(value, origin, file: null).ToText();
            case DefaultAdminEmail:
                var email = value.Trim();
                if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
                {
                    throw new UshadowException(DiagnosticCodes.InvalidAdminSetting,
                        $"Admin email '{value}' for {origin} is invalid: it must be non-empty and contain '@'.");
                }
                return email;
            case DefaultAdminName:
                if (value.Trim().Length == 0)
                {
                    throw new UshadowException(DiagnosticCodes.InvalidAdminSetting, $"The admin name for {origin} is empty; give a display name.");
                }
                return value.Trim();
            case DefaultAdminPassword:
                if (value.Length == 0)
                {
                    throw new UshadowException(DiagnosticCodes.InvalidAdminSetting, $"The admin password for {origin} is empty; type a password.");
                }
                return value;
            default:
                throw new ArgumentException($"'{key}' is not a settable key; use one of {string.Join(", ", Settable)}.", nameof(key));
        }
    }
}
