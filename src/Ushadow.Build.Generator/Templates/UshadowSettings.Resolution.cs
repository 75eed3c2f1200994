partial class UshadowSettings
{
    private static readonly global::System.Lazy<UshadowSettings> current =
        new global::System.Lazy<UshadowSettings>(() => Resolve(global::System.Environment.GetEnvironmentVariable));

    private static readonly char[] ForbiddenInDatabaseName = { '/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\0' };

    private readonly RedisUrl? redisUrl;
    private readonly string? mongoOrigin;
    private readonly string? redisOrigin;

    private UshadowSettings(
        string environmentName,
        UshadowDatabaseMode databaseMode,
        string mongoDatabaseName,
        int redisDatabase,
        string composeProjectName,
        string mongoConnectionString,
        string? mongoOrigin,
        string redisConfiguration,
        string? redisOrigin,
        RedisUrl? redisUrl)
    {
        EnvironmentName = environmentName;
        DatabaseMode = databaseMode;
        MongoDatabaseName = mongoDatabaseName;
        RedisDatabase = redisDatabase;
        ComposeProjectName = composeProjectName;
        MongoConnectionString = mongoConnectionString;
        this.mongoOrigin = mongoOrigin;
        RedisConfiguration = redisConfiguration;
        this.redisOrigin = redisOrigin;
        this.redisUrl = redisUrl;
    }

    /// <summary>Looks up the value for an environment variable name and says where it was found, for error messages.</summary>
    private delegate string? ValueLookup(string variable, out string origin);

    /// <summary>
    /// The settings of this process, resolved from its environment variables on first use and then kept.
    /// </summary>
    /// <exception cref="UshadowSettingsException">A variable holds a value that cannot be used.</exception>
    public static UshadowSettings Current => current.Value;

    /// <summary>The app name (build time; no variable overrides it).</summary>
    public string AppName => BuildTime.AppName;

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
    public string SharedDatabaseName => BuildTime.SharedDatabaseName;

    /// <summary>The effective MongoDB connection string; it may hold a password, so do not log it.</summary>
    public string MongoConnectionString { get; }

    /// <summary>
    /// The effective Redis connection in StackExchange.Redis configuration syntax (a <c>REDIS_URL</c> is converted);
    /// it may hold a password, so do not log it. The database number is <see cref="RedisDatabase"/>.
    /// </summary>
    public string RedisConfiguration { get; }

    /// <summary>
    /// Resolves the settings from <paramref name="getVariable"/> (an environment variable lookup),
    /// falling back to the build-time values; see the class remarks for the precedence.
    /// </summary>
    /// <param name="getVariable">Returns the value of the named variable, or <c>null</c> when it is not set.</param>
    /// <returns>The effective settings.</returns>
    /// <exception cref="UshadowSettingsException">A variable holds a value that cannot be used; the message names it.</exception>
    public static UshadowSettings Resolve(global::System.Func<string, string?> getVariable)
    {
        if (getVariable is null)
        {
            throw new global::System.ArgumentNullException(nameof(getVariable));
        }
        return Resolve((string variable, out string origin) =>
        {
            origin = variable;
            return getVariable(variable);
        });
    }

    /// <summary>Describes the environment and its databases; never a connection string.</summary>
    /// <returns>For example <c>gold (shared): MongoDB database ushadow, Redis database 3</c>.</returns>
    public override string ToString() =>
        EnvironmentName + " (" + (DatabaseMode == UshadowDatabaseMode.Shared ? "shared" : "isolated") + "): MongoDB database "
        + MongoDatabaseName + ", Redis database " + RedisDatabase.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    private static UshadowSettings Resolve(ValueLookup lookup)
    {
        string environmentName = ReadEnvironmentName(lookup);
        UshadowDatabaseMode databaseMode = ReadDatabaseMode(lookup);
        bool environmentChanged = environmentName != BuildTime.EnvironmentName;
        bool derived = environmentChanged || databaseMode != BuildTime.DatabaseMode;
        string mongoDatabaseName = ReadMongoDatabaseName(lookup)
            ?? (derived ? DeriveMongoDatabaseName(environmentName, databaseMode) : BuildTime.MongoDatabaseName);
        string composeProjectName = !environmentChanged
            ? BuildTime.ComposeProjectName
            : environmentName == BuildTime.AppName ? BuildTime.AppName : BuildTime.AppName + "-" + environmentName;

        string? mongoConnectionString = Read(lookup, Variables.MongoUri, out string mongoOrigin)
            ?? Read(lookup, Variables.AspireMongoConnectionString, out mongoOrigin);
        string? mongoSource = mongoConnectionString is null ? null : mongoOrigin;
        if (mongoConnectionString is null)
        {
            mongoConnectionString = DefaultMongoConnectionString;
        }
        else if (!mongoConnectionString.StartsWith("mongodb://", global::System.StringComparison.OrdinalIgnoreCase)
            && !mongoConnectionString.StartsWith("mongodb+srv://", global::System.StringComparison.OrdinalIgnoreCase))
        {
            throw new UshadowSettingsException(mongoOrigin, mongoOrigin + " must be a MongoDB connection string, mongodb://... or mongodb+srv://... (the value is not shown: it may hold a password).");
        }

        RedisUrl? redisUrl = null;
        int? connectionDatabase = null;
        string? redisConfiguration = Read(lookup, Variables.RedisUrl, out string redisOrigin);
        bool isRedisUrl = redisConfiguration != null;
        redisConfiguration ??= Read(lookup, Variables.AspireRedisConnectionString, out redisOrigin);
        string? redisSource = redisConfiguration is null ? null : redisOrigin;
        if (redisConfiguration is null)
        {
            redisConfiguration = DefaultRedisConfiguration;
        }
        else if (isRedisUrl || RedisUrl.HasScheme(redisConfiguration))
        {
            redisUrl = RedisUrl.Parse(redisConfiguration, redisOrigin);
            connectionDatabase = redisUrl.Database;
            redisConfiguration = redisUrl.ToConfiguration();
        }
        else
        {
            connectionDatabase = ReadDefaultDatabase(redisConfiguration, redisOrigin);
        }

        int redisDatabase = ReadRedisDatabase(lookup) ?? connectionDatabase ?? BuildTime.RedisDatabase;
        return new UshadowSettings(
            environmentName,
            databaseMode,
            mongoDatabaseName,
            redisDatabase,
            composeProjectName,
            mongoConnectionString,
            mongoSource,
            redisConfiguration,
            redisSource,
            redisUrl);
    }

    private static string? Read(ValueLookup lookup, string variable, out string origin)
    {
        string? value = lookup(variable, out origin);
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private static string ReadEnvironmentName(ValueLookup lookup)
    {
        string? value = Read(lookup, Variables.EnvironmentName, out string origin);
        if (value is null)
        {
            return BuildTime.EnvironmentName;
        }

        string name = value.ToLowerInvariant();
        bool valid = name.Length <= 48 && IsLowerLetterOrDigit(name[0]);
        foreach (char c in name)
        {
            valid &= IsLowerLetterOrDigit(c) || c == '_' || c == '-';
        }
        if (!valid)
        {
            throw new UshadowSettingsException(origin, origin + " must be 1 to 48 characters of a-z, 0-9, '_' or '-', starting with a letter or digit (after lower-casing); got '" + value + "'.");
        }
        return name;
    }

    private static bool IsLowerLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

    private static UshadowDatabaseMode ReadDatabaseMode(ValueLookup lookup)
    {
        string? value = Read(lookup, Variables.DatabaseMode, out string origin);
        if (value is null)
        {
            return BuildTime.DatabaseMode;
        }
        if (string.Equals(value, "shared", global::System.StringComparison.OrdinalIgnoreCase))
        {
            return UshadowDatabaseMode.Shared;
        }
        if (string.Equals(value, "isolated", global::System.StringComparison.OrdinalIgnoreCase))
        {
            return UshadowDatabaseMode.Isolated;
        }
        throw new UshadowSettingsException(origin, origin + " must be 'shared' or 'isolated' (any case); got '" + value + "'.");
    }

    private static string? ReadMongoDatabaseName(ValueLookup lookup)
    {
        string? value = Read(lookup, Variables.MongoDatabase, out string origin);
        if (value is null)
        {
            return null;
        }
        if (global::System.Text.Encoding.UTF8.GetByteCount(value) >= 64 || value.IndexOfAny(ForbiddenInDatabaseName) >= 0)
        {
            throw new UshadowSettingsException(origin, origin + " must be a MongoDB database name: fewer than 64 bytes, none of / \\ . \" $ * < > : | ? or a space; got '" + value + "'.");
        }
        return value;
    }

    private static string DeriveMongoDatabaseName(string environmentName, UshadowDatabaseMode databaseMode) =>
        databaseMode == UshadowDatabaseMode.Shared ? BuildTime.SharedDatabaseName
        : environmentName == BuildTime.AppName ? BuildTime.AppName
        : BuildTime.AppName + "_" + environmentName;

    private static int? ReadRedisDatabase(ValueLookup lookup)
    {
        string? value = Read(lookup, Variables.RedisDatabase, out string origin);
        if (value is null)
        {
            return null;
        }
        if (!int.TryParse(value, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            throw new UshadowSettingsException(origin, origin + " must be a whole number from 0 up (a Redis database index); got '" + value + "'.");
        }
        return number;
    }

    private static int? ReadDefaultDatabase(string configuration, string origin)
    {
        int? database = null;
        foreach (string option in configuration.Split(','))
        {
            string trimmed = option.Trim();
            if (!trimmed.StartsWith("defaultDatabase=", global::System.StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!int.TryParse(trimmed.Substring("defaultDatabase=".Length), global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out int number))
            {
                throw new UshadowSettingsException(origin, origin + " has a defaultDatabase that is not a whole number from 0 up; expected StackExchange.Redis syntax such as 'host:6379,defaultDatabase=3'.");
            }
            database = number;
        }
        return database;
    }
    /// <summary>A parsed <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c> URL.</summary>
    private sealed class RedisUrl
    {
        private RedisUrl(string host, int port, string? user, string? password, bool secure, int? database)
        {
            Host = host;
            Port = port;
            User = user;
            Password = password;
            Secure = secure;
            Database = database;
        }

        public string Host { get; }

        public int Port { get; }

        public string? User { get; }

        public string? Password { get; }

        public bool Secure { get; }

        public int? Database { get; }

        public static bool HasScheme(string value) =>
            value.StartsWith("redis://", global::System.StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("rediss://", global::System.StringComparison.OrdinalIgnoreCase);

        public static RedisUrl Parse(string value, string origin)
        {
            RedisUrl? url = TryParse(value);
            if (url is null)
            {
                throw new UshadowSettingsException(origin, origin + " must be a Redis URL, redis://[user:password@]host[:port][/database] or rediss://... with a port from 1 to 65535 and a database from 0 up (the value is not shown: it may hold a password).");
            }
            return url;
        }

        private static RedisUrl? TryParse(string value)
        {
            bool secure = value.StartsWith("rediss://", global::System.StringComparison.OrdinalIgnoreCase);
            if (!secure && !value.StartsWith("redis://", global::System.StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string rest = value.Substring(secure ? "rediss://".Length : "redis://".Length);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            string path = slash < 0 ? string.Empty : rest.Substring(slash + 1);

            string? user = null;
            string? password = null;
            int at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                string userInfo = authority.Substring(0, at);
                authority = authority.Substring(at + 1);
                int colon = userInfo.IndexOf(':');
                user = Unescape(colon < 0 ? userInfo : userInfo.Substring(0, colon));
                password = colon < 0 ? null : Unescape(userInfo.Substring(colon + 1));
            }

            string host;
            string portText = string.Empty;
            if (authority.StartsWith("[", global::System.StringComparison.Ordinal))
            {
                int close = authority.IndexOf(']');
                if (close < 0)
                {
                    return null;
                }
                host = authority.Substring(1, close - 1);
                string afterHost = authority.Substring(close + 1);
                if (afterHost.Length > 0)
                {
                    if (afterHost[0] != ':')
                    {
                        return null;
                    }
                    portText = afterHost.Substring(1);
                }
            }
            else
            {
                int colon = authority.IndexOf(':');
                host = colon < 0 ? authority : authority.Substring(0, colon);
                portText = colon < 0 ? string.Empty : authority.Substring(colon + 1);
                if (host.IndexOfAny(new[] { ' ', '?', '#', '[', ']', ',' }) >= 0)
                {
                    return null;
                }
            }

            int port = 6379;
            if (host.Length == 0
                || (portText.Length > 0 && !(int.TryParse(portText, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out port) && port >= 1 && port <= 65535)))
            {
                return null;
            }

            int? database = null;
            if (path.Length > 0)
            {
                if (!int.TryParse(path, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out int number))
                {
                    return null;
                }
                database = number;
            }
            return new RedisUrl(host, port, user, password, secure, database);
        }

        private static string? Unescape(string text) => text.Length == 0 ? null : global::System.Uri.UnescapeDataString(text);

        public string ToConfiguration()
        {
            global::System.Text.StringBuilder configuration = new global::System.Text.StringBuilder();
            configuration.Append(Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host)
                .Append(':').Append(Port.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            if (User != null)
            {
                configuration.Append(",user=").Append(User);
            }
            if (Password != null)
            {
                configuration.Append(",password=").Append(Password);
            }
            if (Secure)
            {
                configuration.Append(",ssl=true");
            }
            return configuration.ToString();
        }
    }
}
