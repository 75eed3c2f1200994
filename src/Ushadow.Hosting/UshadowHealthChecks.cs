namespace Ushadow.Hosting;

/// <summary>The names and tag of the health checks the driver packages add.</summary>
public static class UshadowHealthChecks
{
    /// <summary>The name of the health check that pings this environment's MongoDB database.</summary>
    public const string MongoName = "ushadow-mongodb";

    /// <summary>The name of the health check that pings this environment's Redis database.</summary>
    public const string RedisName = "ushadow-redis";

    /// <summary>The tag of both health checks, for example to map them to a readiness endpoint.</summary>
    public const string Tag = "ushadow";
}
