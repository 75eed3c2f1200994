namespace Ushadow.Core.Shared;

/// <summary>
/// Every environment variable name the product reads or writes, once: the original system's names (<c>ENV_NAME</c>,
/// <c>DATABASE_MODE</c>, ...), which are also the <c>.env</c> keys, the <c>USHADOW_</c> ones, and those a run time
/// reads (<c>REDIS_URL</c>, .NET Aspire's connection strings). Compiled into the core, the runtime packages, the Aspire
/// package and the generator.
/// </summary>
internal static class VariableNames
{
    /// <summary>Environment name.</summary>
    public const string EnvName = "ENV_NAME";
    /// <summary>The docker compose project name (written to <c>.env</c>).</summary>
    public const string ComposeProjectName = "COMPOSE_PROJECT_NAME";
    /// <summary><c>shared</c> or <c>isolated</c>.</summary>
    public const string DatabaseMode = "DATABASE_MODE";
    /// <summary>Database used in shared mode.</summary>
    public const string SharedDatabaseName = "SHARED_DATABASE_NAME";
    /// <summary>The MongoDB database of the environment (written to <c>.env</c>, read at run time).</summary>
    public const string MongoDatabase = "MONGODB_DATABASE";
    /// <summary>The Redis database number of the environment (written to <c>.env</c>, read at run time).</summary>
    public const string RedisDatabase = "REDIS_DATABASE";
    /// <summary>How the environment's Redis data is kept apart: <c>database</c> or <c>prefix</c> (README, Redis at team scale).</summary>
    public const string RedisIsolation = "REDIS_ISOLATION";
    /// <summary>The environment's Redis key prefix in prefix mode, <c>&lt;app&gt;:&lt;env&gt;:</c> (written to <c>.env</c>, read at run time).</summary>
    public const string RedisKeyPrefix = "REDIS_KEY_PREFIX";
    /// <summary>The environment's own ACL user in prefix mode (written to <c>.env</c>, read at run time).</summary>
    public const string RedisUsername = "REDIS_USERNAME";
    /// <summary>The password of <see cref="RedisUsername"/> at run time; else the run time reads <c>redis.password</c> from <c>secrets.yaml</c>. Never written by the package.</summary>
    public const string RedisPassword = "REDIS_PASSWORD";
    /// <summary>The launcher's port offset; steers the preferred Redis number.</summary>
    public const string PortOffset = "PORT_OFFSET";
    /// <summary>Path of the launcher settings file.</summary>
    public const string LauncherSettings = "USHADOW_LAUNCHER_SETTINGS";
    /// <summary>The state directory (registry and shared secrets).</summary>
    public const string StateDirectory = "USHADOW_STATE_DIR";
    /// <summary>Where the registry lives: <c>file</c> (default) or a Redis URL (README, Teams on one server). May hold a password: never log it.</summary>
    public const string Registry = "USHADOW_REGISTRY";
    /// <summary>This machine's name in a shared registry; the host name when unset.</summary>
    public const string Host = "USHADOW_HOST";
    /// <summary>Where the launcher settings live by default (<c>$XDG_CONFIG_HOME/ushadow-launcher</c>).</summary>
    public const string ConfigHome = "XDG_CONFIG_HOME";
    /// <summary>The user's home folder (<c>~/.config/ushadow-launcher</c> when <see cref="ConfigHome"/> is unset).</summary>
    public const string Home = "HOME";

    /// <summary>The MongoDB connection string a run time reads.</summary>
    public const string MongoUri = "MONGODB_URI";
    /// <summary>The Redis URL a run time and the tool read, <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c>.</summary>
    public const string RedisUrl = "REDIS_URL";
    /// <summary>The MongoDB connection string .NET Aspire injects for a resource named <c>mongodb</c>.</summary>
    public const string AspireMongoConnectionString = "ConnectionStrings__mongodb";
    /// <summary>The Redis connection string .NET Aspire injects for a resource named <c>redis</c>.</summary>
    public const string AspireRedisConnectionString = "ConnectionStrings__redis";

    /// <summary>
    /// Every variable that changes a build's resolution, in the order the targets fingerprint them for incremental builds
    /// (a test holds the targets to this list). <see cref="Registry"/> may hold a password: the targets fingerprint a hash of it.
    /// </summary>
    public static IReadOnlyList<string> BuildInputs { get; } =
        [Registry, Host, EnvName, DatabaseMode, SharedDatabaseName, PortOffset, LauncherSettings, StateDirectory, ConfigHome, Home, RedisIsolation];
}
