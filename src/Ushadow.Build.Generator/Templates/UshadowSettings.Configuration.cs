partial class UshadowSettings
{
    /// <summary>
    /// Resolves the settings from .NET configuration (appsettings.json, user secrets, environment variables, ...),
    /// falling back to the build-time values. For each variable <see cref="Resolve(global::System.Func{string, string})"/>
    /// reads, the top-level key of the same name wins (where environment variables land); else the key of the
    /// <c>Ushadow</c> section (<see cref="ConfigurationKeys"/>). <c>ConnectionStrings__mongodb</c> and
    /// <c>ConnectionStrings__redis</c> are read as <c>ConnectionStrings:mongodb</c> and <c>ConnectionStrings:redis</c>,
    /// from any source. Within one key, configuration's own rule holds: the source added last wins.
    /// </summary>
    /// <param name="configuration">The configuration to read, for example <c>builder.Configuration</c>.</param>
    /// <returns>The effective settings.</returns>
    /// <exception cref="UshadowSettingsException">A key holds a value that cannot be used; the message names the key.</exception>
    public static UshadowSettings Resolve(global::Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new global::System.ArgumentNullException(nameof(configuration));
        }
        return Resolve((string variable, out string origin) => ReadConfiguration(configuration, variable, out origin));
    }

    private static string? ReadConfiguration(global::Microsoft.Extensions.Configuration.IConfiguration configuration, string variable, out string origin)
    {
        // An environment variable is a top-level key of the same name; '__' is configuration's section separator.
        origin = variable.Replace("__", ":");
        string? value = configuration[origin];
        string? sectionKey = SectionKey(variable);
        if (string.IsNullOrWhiteSpace(value) && sectionKey != null)
        {
            string? sectionValue = configuration[sectionKey];
            if (!string.IsNullOrWhiteSpace(sectionValue))
            {
                origin = sectionKey;
                return sectionValue;
            }
        }
        return value;
    }

    private static string? SectionKey(string variable) => variable switch
    {
        Variables.EnvironmentName => ConfigurationKeys.EnvironmentName,
        Variables.DatabaseMode => ConfigurationKeys.DatabaseMode,
        Variables.MongoDatabase => ConfigurationKeys.MongoDatabase,
        Variables.RedisDatabase => ConfigurationKeys.RedisDatabase,
        _ => null,
    };

    /// <summary>The configuration keys <see cref="Resolve(global::Microsoft.Extensions.Configuration.IConfiguration)"/> reads besides the variable names.</summary>
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
}
