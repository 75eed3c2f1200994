namespace Ushadow.Hosting;

/// <summary>
/// The values <c>dotnet build</c> resolved for this environment, as the generated <c>UshadowSettings</c> hands them
/// over: the fallback of every run-time value.
/// </summary>
/// <param name="appName">The app name.</param>
/// <param name="environmentName">The environment name (lower case).</param>
/// <param name="databaseMode">The database mode.</param>
/// <param name="mongoDatabaseName">The MongoDB database of this environment.</param>
/// <param name="redisDatabase">The Redis database number of this environment.</param>
/// <param name="composeProjectName">The docker compose project name.</param>
/// <param name="sharedDatabaseName">The MongoDB database every environment uses in shared mode.</param>
public sealed class UshadowBuildValues(
    string appName,
    string environmentName,
    UshadowDatabaseMode databaseMode,
    string mongoDatabaseName,
    int redisDatabase,
    string composeProjectName,
    string sharedDatabaseName)
{
    /// <summary>The app name.</summary>
    public string AppName { get; } = appName;

    /// <summary>The environment name (lower case).</summary>
    public string EnvironmentName { get; } = environmentName;

    /// <summary>The database mode.</summary>
    public UshadowDatabaseMode DatabaseMode { get; } = databaseMode;

    /// <summary>The MongoDB database of this environment.</summary>
    public string MongoDatabaseName { get; } = mongoDatabaseName;

    /// <summary>The Redis database number of this environment.</summary>
    public int RedisDatabase { get; } = redisDatabase;

    /// <summary>The docker compose project name.</summary>
    public string ComposeProjectName { get; } = composeProjectName;

    /// <summary>The MongoDB database every environment uses in shared mode.</summary>
    public string SharedDatabaseName { get; } = sharedDatabaseName;

    /// <summary>
    /// The MongoDB schema version the code expects (<c>UshadowSchemaVersion</c>), <c>null</c> when the project declares
    /// none: what <c>UshadowSchema.MigrateAsync</c> brings the database to.
    /// </summary>
    public long? SchemaVersion { get; init; }

    /// <summary>
    /// The state folder whose registry the build used, when it was the file registry and a schema version is declared:
    /// where <c>UshadowSchema</c> records migrations unless <c>USHADOW_REGISTRY</c> or <c>USHADOW_STATE_DIR</c> says otherwise.
    /// </summary>
    public string? SchemaStateDirectory { get; init; }

    /// <summary>How this environment's Redis data is kept apart: <c>database</c> (the default) or <c>prefix</c>.</summary>
    public string RedisIsolation { get; init; } = "database";

    /// <summary>The key prefix of this environment in Redis prefix mode; empty in database mode.</summary>
    public string RedisKeyPrefix { get; init; } = "";

    /// <summary>The ACL user of this environment in Redis prefix mode; empty when it has none.</summary>
    public string RedisUsername { get; init; } = "";
}
