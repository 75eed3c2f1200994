namespace Ushadow.Core.Shared;

/// <summary>
/// How an environment's Redis data is kept apart from the others' (README, Redis at team scale): a numbered database
/// (<c>database</c>, the default) or a key prefix in database 0 (<c>prefix</c>). Compiled into the core and the runtime
/// packages, so the build and the app read <c>REDIS_ISOLATION</c> and derive the prefix the same way.
/// </summary>
/// <remarks>Plain string code: it builds for every target of every assembly that links it.</remarks>
internal static class RedisIsolationRules
{
    /// <summary>The text of the default, numbered databases.</summary>
    public const string Database = "database";

    /// <summary>The text of key prefixes in database 0.</summary>
    public const string Prefix = "prefix";

    /// <summary>The accepted values, for messages.</summary>
    public const string Accepted = "'database' or 'prefix' (case-insensitive)";

    /// <summary>Parses <c>database</c> or <c>prefix</c>, ignoring case and surrounding white space.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="prefix">Whether the isolation is by key prefix.</param>
    public static bool TryParse(string? text, out bool prefix)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case Database:
                prefix = false;
                return true;
            case Prefix:
                prefix = true;
                return true;
            default:
                prefix = false;
                return false;
        }
    }

    /// <summary>
    /// The key prefix of an environment, <c>&lt;app&gt;:&lt;env&gt;:</c>: unique on a server because an app's environment
    /// names are, and because neither name may hold <c>:</c>.
    /// </summary>
    public static string KeyPrefix(string appName, string environmentName) => appName + ":" + environmentName + ":";

    /// <summary>The ACL user of an environment in prefix mode, <c>ushadow.&lt;app&gt;.&lt;env&gt;</c>.</summary>
    public static string UserName(string appName, string environmentName) => "ushadow." + appName + "." + environmentName;

    /// <summary>The section and key of the ACL user's password in <c>secrets.yaml</c>: <c>redis.password</c>.</summary>
    public const string PasswordSection = "redis";

    /// <inheritdoc cref="PasswordSection"/>
    public const string PasswordKey = "password";
}
