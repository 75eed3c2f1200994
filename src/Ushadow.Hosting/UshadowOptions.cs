namespace Ushadow.Hosting;

/// <summary>
/// What <c>builder.AddUshadow()</c> registers; by default everything the referenced packages can. Where the project
/// references Ushadow.Hosting.MongoDB or Ushadow.Hosting.Redis, the generated <c>UshadowOptions</c> derives from this
/// class and adds <c>ConfigureMongo</c> / <c>ConfigureRedis</c>, typed by the driver.
/// </summary>
public class UshadowOptions
{
    /// <summary>Whether to register <c>IMongoClient</c> and this environment's <c>IMongoDatabase</c> (and their health check); default <c>true</c>.</summary>
    public bool RegisterMongo { get; set; } = true;

    /// <summary>Whether to register <c>IConnectionMultiplexer</c> and this environment's <c>IDatabase</c> (and their health check); default <c>true</c>.</summary>
    public bool RegisterRedis { get; set; } = true;

    /// <summary>Whether to add health checks for the registered MongoDB and Redis clients; default <c>true</c>.</summary>
    public bool RegisterHealthChecks { get; set; } = true;

    /// <summary>How <see cref="UshadowSchema.MigrateAsync"/> treats older code and how long it waits for another migration.</summary>
    public UshadowSchemaOptions Schema { get; } = new();
}
