using System.Globalization;
using Microsoft.Extensions.Configuration;
using Ushadow.Core.Shared;

namespace Ushadow.Hosting;

/// <summary>
/// The MongoDB and Redis databases of this development environment as the running process sees them: the values
/// the build resolved, after the process environment or configuration had its say. The generated
/// <c>UshadowSettings</c> derives from it and adds <c>BuildTime</c>, <c>Current</c> and <c>Resolve(...)</c>.
/// </summary>
/// <remarks>
/// <para>Run-time precedence, highest first. A value that is unset, empty or white space counts as unset.</para>
/// <list type="bullet">
/// <item><description><see cref="EnvironmentName"/>: <c>ENV_NAME</c> (lower-cased, checked by the build's rule), then the build-time name.</description></item>
/// <item><description><see cref="DatabaseMode"/>: <c>DATABASE_MODE</c> (<c>shared</c> or <c>isolated</c>, any case), then the build-time mode.</description></item>
/// <item><description><see cref="MongoDatabaseName"/>: <c>MONGODB_DATABASE</c>; else, when <c>ENV_NAME</c> or <c>DATABASE_MODE</c>
/// differ from the build, the name the build would give them; else the build-time name.</description></item>
/// <item><description><see cref="RedisDatabase"/>: <c>REDIS_DATABASE</c>, then the database of the Redis connection in use
/// (the <c>/db</c> of <c>REDIS_URL</c>, or <c>defaultDatabase=</c> in <c>ConnectionStrings__redis</c>), then the build-time number.</description></item>
/// <item><description><see cref="MongoConnectionString"/>: <c>MONGODB_URI</c>, then <c>ConnectionStrings__mongodb</c> (.NET Aspire),
/// then <see cref="DefaultMongoConnectionString"/>.</description></item>
/// <item><description><see cref="RedisConfiguration"/>: <c>REDIS_URL</c> (<c>redis://</c> or <c>rediss://</c>, converted), then
/// <c>ConnectionStrings__redis</c> (.NET Aspire, StackExchange.Redis syntax), then <see cref="DefaultRedisConfiguration"/>.</description></item>
/// <item><description><see cref="ComposeProjectName"/>: derived from <c>ENV_NAME</c> when it differs from the build, else the build-time name.</description></item>
/// </list>
/// <para>Over <see cref="IConfiguration"/>, each name is read as a top-level key, then its key in the <c>Ushadow</c>
/// section (<see cref="ConfigurationKeys"/>).</para>
/// </remarks>
public abstract class UshadowRuntimeSettings
{
    /// <summary>The MongoDB connection used when neither <c>MONGODB_URI</c> nor <c>ConnectionStrings__mongodb</c> is set.</summary>
    public const string DefaultMongoConnectionString = "mongodb://localhost:27017";

    /// <summary>The Redis connection used when neither <c>REDIS_URL</c> nor <c>ConnectionStrings__redis</c> is set.</summary>
    public const string DefaultRedisConfiguration = "localhost:6379";

    private readonly UshadowBuildValues _buildTime;

    /// <summary>The values the build resolved (the schema version and state folder among them, for <see cref="UshadowSchema"/>).</summary>
    internal UshadowBuildValues BuildTime => _buildTime;

    /// <summary>Resolves the settings from <paramref name="getVariable"/> (an environment variable lookup), falling back to <paramref name="buildTime"/>.</summary>
    /// <param name="buildTime">The values the build resolved.</param>
    /// <param name="getVariable">Returns the value of the named variable, or <c>null</c> when it is not set.</param>
    /// <exception cref="UshadowSettingsException">A variable holds a value that cannot be used; the message names it.</exception>
    protected UshadowRuntimeSettings(UshadowBuildValues buildTime, Func<string, string?> getVariable)
        : this(buildTime, Lookup.From(getVariable ?? throw new ArgumentNullException(nameof(getVariable))))
    {
    }

    /// <summary>
    /// Resolves the settings from .NET configuration (appsettings.json, user secrets, environment variables, ...),
    /// falling back to <paramref name="buildTime"/>. For each variable name, the top-level key of the same name wins
    /// (where environment variables land); else the key of the <c>Ushadow</c> section (<see cref="ConfigurationKeys"/>).
    /// <c>ConnectionStrings__mongodb</c> and <c>ConnectionStrings__redis</c> are read as <c>ConnectionStrings:mongodb</c> and
    /// <c>ConnectionStrings:redis</c>. Within one key, configuration's own rule holds: the source added last wins.
    /// </summary>
    /// <param name="buildTime">The values the build resolved.</param>
    /// <param name="configuration">The configuration to read, for example <c>builder.Configuration</c>.</param>
    /// <exception cref="UshadowSettingsException">A key holds a value that cannot be used; the message names the key.</exception>
    protected UshadowRuntimeSettings(UshadowBuildValues buildTime, IConfiguration configuration)
        : this(buildTime, Lookup.From(configuration ?? throw new ArgumentNullException(nameof(configuration))))
    {
    }

    private UshadowRuntimeSettings(UshadowBuildValues buildTime, Lookup lookup)
    {
        _buildTime = buildTime ?? throw new ArgumentNullException(nameof(buildTime));

        EnvironmentName = ReadEnvironmentName(lookup) ?? buildTime.EnvironmentName;
        DatabaseMode = ReadDatabaseMode(lookup) ?? buildTime.DatabaseMode;
        var environmentChanged = EnvironmentName != buildTime.EnvironmentName;
        var derived = environmentChanged || DatabaseMode != buildTime.DatabaseMode;
        MongoDatabaseName = ReadMongoDatabaseName(lookup)
            ?? (derived
                ? NamingRules.Database(DatabaseMode == UshadowDatabaseMode.Isolated, buildTime.AppName, EnvironmentName, buildTime.SharedDatabaseName)
                : buildTime.MongoDatabaseName);
        ComposeProjectName = environmentChanged ? NamingRules.ComposeProjectName(buildTime.AppName, EnvironmentName) : buildTime.ComposeProjectName;

        (MongoConnectionString, MongoOrigin) = ReadMongoConnection(lookup);
        (RedisConfiguration, RedisOrigin, RedisUrl, var connectionDatabase) = ReadRedisConnection(lookup);
        RedisDatabase = ReadRedisDatabase(lookup) ?? connectionDatabase ?? buildTime.RedisDatabase;

        // Redis prefix mode (README, Redis at team scale): the prefix, the environment's own user and its password.
        var prefixMode = ReadRedisIsolation(lookup) ?? RedisIsolationRules.TryParse(buildTime.RedisIsolation, out var built) && built;
        RedisKeyPrefix = !prefixMode ? ""
            : lookup.Read(Variables.RedisKeyPrefix)?.Value
                ?? (environmentChanged || buildTime.RedisKeyPrefix.Length == 0 ? RedisIsolationRules.KeyPrefix(buildTime.AppName, EnvironmentName) : buildTime.RedisKeyPrefix);
        RedisUsername = !prefixMode ? null
            : lookup.Read(Variables.RedisUsername)?.Value ?? (environmentChanged || buildTime.RedisUsername.Length == 0 ? null : buildTime.RedisUsername);
        if (prefixMode && RedisUsername is not null)
        {
            RedisPassword = lookup.Read(Variables.RedisPassword)?.Value ?? Ushadow.Core.Shared.Runtime.RedisSecretsFile.FindPassword();
            RedisDatabase = 0;
        }
    }

    /// <summary>
    /// The key prefix of this environment in Redis prefix mode (<c>&lt;app&gt;:&lt;env&gt;:</c>), applied to every key and
    /// pub/sub channel of the registered Redis client; empty in database mode.
    /// </summary>
    public string RedisKeyPrefix { get; }

    /// <summary>The environment's own ACL user in Redis prefix mode, or <c>null</c> (database mode, or no user).</summary>
    public string? RedisUsername { get; }

    /// <summary>The password of <see cref="RedisUsername"/>: <c>REDIS_PASSWORD</c>, else <c>redis.password</c> of the environment's <c>secrets.yaml</c>. Never logged.</summary>
    internal string? RedisPassword { get; }

    /// <summary>The app name (build time; no variable overrides it).</summary>
    public string AppName => _buildTime.AppName;

    /// <summary>The effective environment name.</summary>
    public string EnvironmentName { get; }

    /// <summary>The effective database mode.</summary>
    public UshadowDatabaseMode DatabaseMode { get; }

    /// <summary>The effective MongoDB database name.</summary>
    public string MongoDatabaseName { get; }

    /// <summary>The effective Redis database number.</summary>
    public int RedisDatabase { get; }

    /// <summary>The effective docker compose project name.</summary>
    public string ComposeProjectName { get; }

    /// <summary>The MongoDB database every environment uses in shared mode (build time).</summary>
    public string SharedDatabaseName => _buildTime.SharedDatabaseName;

    /// <summary>The effective MongoDB connection string; it may hold a password, so do not log it.</summary>
    public string MongoConnectionString { get; }

    /// <summary>
    /// The effective Redis connection in StackExchange.Redis configuration syntax (a <c>REDIS_URL</c> is converted);
    /// it may hold a password, so do not log it. The database number is <see cref="RedisDatabase"/>.
    /// </summary>
    public string RedisConfiguration { get; }

    /// <summary>The variable or key the MongoDB connection came from, <c>null</c> for the default.</summary>
    internal string? MongoOrigin { get; }

    /// <summary>The variable or key the Redis connection came from, <c>null</c> for the default.</summary>
    internal string? RedisOrigin { get; }

    /// <summary>The parsed <c>redis://</c> URL when the connection is one, so a password holding ',' or '=' survives.</summary>
    internal RedisUrl? RedisUrl { get; }

    /// <summary>Describes the environment and its databases; never a connection string.</summary>
    /// <returns>For example <c>gold (shared): MongoDB database ushadow, Redis database 3</c>.</returns>
    public override string ToString() =>
        EnvironmentName + " (" + (DatabaseMode == UshadowDatabaseMode.Shared ? "shared" : "isolated") + "): MongoDB database "
        + MongoDatabaseName + ", Redis database " + RedisDatabase.ToString(CultureInfo.InvariantCulture);

    private static string? ReadEnvironmentName(Lookup lookup)
    {
        if (lookup.Read(Variables.EnvironmentName) is not var (value, origin))
        {
            return null;
        }
        return NamingRules.FoldName(value)
            ?? throw new UshadowSettingsException(origin, $"{origin} must match {NamingRules.NameRule} after lower-casing; got '{value}'.");
    }

    private static UshadowDatabaseMode? ReadDatabaseMode(Lookup lookup)
    {
        if (lookup.Read(Variables.DatabaseMode) is not var (value, origin))
        {
            return null;
        }
        return NamingRules.TryParseDatabaseMode(value, out var isolated)
            ? isolated ? UshadowDatabaseMode.Isolated : UshadowDatabaseMode.Shared
            : throw new UshadowSettingsException(origin, $"{origin} must be {NamingRules.DatabaseModes}; got '{value}'.");
    }

    private static string? ReadMongoDatabaseName(Lookup lookup)
    {
        if (lookup.Read(Variables.MongoDatabase) is not var (value, origin))
        {
            return null;
        }
        return NamingRules.DatabaseNameProblem(value) is { } problem
            ? throw new UshadowSettingsException(origin, $"{origin} must be a MongoDB database name, but {problem}: {NamingRules.DatabaseNameRule}; got '{value}'.")
            : value;
    }

    private static bool? ReadRedisIsolation(Lookup lookup)
    {
        if (lookup.Read(Variables.RedisIsolation) is not var (value, origin))
        {
            return null;
        }
        return RedisIsolationRules.TryParse(value, out var prefix)
            ? prefix
            : throw new UshadowSettingsException(origin, $"{origin} must be {RedisIsolationRules.Accepted}; got '{value}'.");
    }

    private static int? ReadRedisDatabase(Lookup lookup)
    {
        if (lookup.Read(Variables.RedisDatabase) is not var (value, origin))
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UshadowSettingsException(origin, $"{origin} must be a whole number from 0 up (a Redis database index); got '{value}'.");
    }

    private static (string Connection, string? Origin) ReadMongoConnection(Lookup lookup)
    {
        if ((lookup.Read(Variables.MongoUri) ?? lookup.Read(Variables.AspireMongoConnectionString)) is not var (value, origin))
        {
            return (DefaultMongoConnectionString, null);
        }
        if (!value.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
        {
            throw new UshadowSettingsException(origin, $"{origin} must be a MongoDB connection string, mongodb://... or mongodb+srv://... (the value is not shown: it may hold a password).");
        }
        return (value, origin);
    }

    private static (string Configuration, string? Origin, RedisUrl? Url, int? Database) ReadRedisConnection(Lookup lookup)
    {
        var fromUrl = lookup.Read(Variables.RedisUrl);
        if ((fromUrl ?? lookup.Read(Variables.AspireRedisConnectionString)) is not var (value, origin))
        {
            return (DefaultRedisConfiguration, null, null, null);
        }
        if (fromUrl is not null || RedisUrl.HasScheme(value))
        {
            var url = RedisUrl.TryParse(value, out var problem)
                ?? throw new UshadowSettingsException(origin, $"{origin} must be a Redis URL, {RedisUrl.Form}, but {problem} (the value is not shown: it may hold a password).");
            return (url.ToConfiguration(), origin, url, url.Database);
        }
        return (value, origin, null, ReadDefaultDatabase(value, origin));
    }

    /// <summary>The <c>defaultDatabase=</c> of a StackExchange.Redis configuration, the last one when several.</summary>
    private static int? ReadDefaultDatabase(string configuration, string origin)
    {
        const string Option = "defaultDatabase=";
        int? database = null;
        foreach (var option in configuration.Split(','))
        {
            var trimmed = option.Trim();
            if (!trimmed.StartsWith(Option, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            database = int.TryParse(trimmed.Substring(Option.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new UshadowSettingsException(origin, $"{origin} has a defaultDatabase that is not a whole number from 0 up; expected StackExchange.Redis syntax such as 'host:6379,defaultDatabase=3'.");
        }
        return database;
    }

    /// <summary>The names of the environment variables the run time reads.</summary>
    public static class Variables
    {
        /// <summary>The environment name.</summary>
        public const string EnvironmentName = VariableNames.EnvName;

        /// <summary>The database mode, <c>shared</c> or <c>isolated</c>.</summary>
        public const string DatabaseMode = VariableNames.DatabaseMode;

        /// <summary>The MongoDB database name.</summary>
        public const string MongoDatabase = VariableNames.MongoDatabase;

        /// <summary>How the environment's Redis data is kept apart, <c>database</c> or <c>prefix</c>.</summary>
        public const string RedisIsolation = VariableNames.RedisIsolation;

        /// <summary>The environment's Redis key prefix in prefix mode.</summary>
        public const string RedisKeyPrefix = VariableNames.RedisKeyPrefix;

        /// <summary>The environment's own Redis ACL user in prefix mode.</summary>
        public const string RedisUsername = VariableNames.RedisUsername;

        /// <summary>The password of that user (else <c>redis.password</c> in the environment's <c>secrets.yaml</c>).</summary>
        public const string RedisPassword = VariableNames.RedisPassword;

        /// <summary>The Redis database number.</summary>
        public const string RedisDatabase = VariableNames.RedisDatabase;

        /// <summary>The MongoDB connection string.</summary>
        public const string MongoUri = VariableNames.MongoUri;

        /// <summary>The Redis URL, <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c>.</summary>
        public const string RedisUrl = VariableNames.RedisUrl;

        /// <summary>The MongoDB connection string .NET Aspire injects for a resource named <c>mongodb</c>.</summary>
        public const string AspireMongoConnectionString = VariableNames.AspireMongoConnectionString;

        /// <summary>The Redis connection string .NET Aspire injects for a resource named <c>redis</c>.</summary>
        public const string AspireRedisConnectionString = VariableNames.AspireRedisConnectionString;
    }

    /// <summary>The configuration keys read besides the variable names.</summary>
    public static class ConfigurationKeys
    {
        /// <summary>The section of an app's own settings, for example in appsettings.json: <c>"Ushadow": { "RedisDatabase": 4 }</c>.</summary>
        public const string Section = "Ushadow";

        /// <summary>The environment name, when <c>ENV_NAME</c> is not set.</summary>
        public const string EnvironmentName = "Ushadow:EnvironmentName";

        /// <summary>The database mode, when <c>DATABASE_MODE</c> is not set.</summary>
        public const string DatabaseMode = "Ushadow:DatabaseMode";

        /// <summary>The MongoDB database name, when <c>MONGODB_DATABASE</c> is not set.</summary>
        public const string MongoDatabase = "Ushadow:MongoDatabase";

        /// <summary>The Redis database number, when <c>REDIS_DATABASE</c> is not set.</summary>
        public const string RedisDatabase = "Ushadow:RedisDatabase";

        /// <summary>The MongoDB connection string, when <c>MONGODB_URI</c> is not set (.NET Aspire's name for a resource <c>mongodb</c>).</summary>
        public const string MongoConnectionString = "ConnectionStrings:mongodb";

        /// <summary>The Redis connection, when <c>REDIS_URL</c> is not set (.NET Aspire's name for a resource <c>redis</c>).</summary>
        public const string RedisConnectionString = "ConnectionStrings:redis";
    }

    /// <summary>Reads a variable's value, trimmed, with the name it was found under; <c>null</c> when unset or white space.</summary>
    private sealed class Lookup
    {
        private readonly Func<string, (string? Value, string Origin)> _read;

        private Lookup(Func<string, (string? Value, string Origin)> read) => _read = read;

        public static Lookup From(Func<string, string?> getVariable) => new(variable => (getVariable(variable), variable));

        public static Lookup From(IConfiguration configuration) => new(variable =>
        {
            // An environment variable is a top-level key of the same name; '__' is configuration's section separator.
            var key = variable.Replace("__", ":", StringComparison.Ordinal);
            var value = configuration[key];
            if (string.IsNullOrWhiteSpace(value) && SectionKey(variable) is { } sectionKey && configuration[sectionKey] is { } sectionValue
                && !string.IsNullOrWhiteSpace(sectionValue))
            {
                return (sectionValue, sectionKey);
            }
            return (value, key);
        });

        public (string Value, string Origin)? Read(string variable)
        {
            var (value, origin) = _read(variable);
            return string.IsNullOrWhiteSpace(value) ? null : (value.Trim(), origin);
        }

        private static string? SectionKey(string variable) => variable switch
        {
            Variables.EnvironmentName => ConfigurationKeys.EnvironmentName,
            Variables.DatabaseMode => ConfigurationKeys.DatabaseMode,
            Variables.MongoDatabase => ConfigurationKeys.MongoDatabase,
            Variables.RedisDatabase => ConfigurationKeys.RedisDatabase,
            _ => null,
        };
    }
}
