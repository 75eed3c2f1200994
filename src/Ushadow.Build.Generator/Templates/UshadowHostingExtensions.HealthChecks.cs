partial class UshadowOptions
{
    /// <summary>Whether to add health checks for the registered MongoDB and Redis clients; default <c>true</c>.</summary>
    public bool RegisterHealthChecks { get; set; } = true;
}

static partial class UshadowHostingExtensions
{
    /// <summary>The name of the health check that pings this environment's MongoDB database.</summary>
    public const string MongoHealthCheckName = "ushadow-mongodb";

    /// <summary>The name of the health check that pings this environment's Redis database.</summary>
    public const string RedisHealthCheckName = "ushadow-redis";

    /// <summary>The tag of both health checks, for example to map them to a readiness endpoint.</summary>
    public const string HealthCheckTag = "ushadow";

    static partial void AddHealthChecks(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options)
    {
        if (!options.RegisterHealthChecks)
        {
            return;
        }
        // Health checks are not TryAdd: a second registration under one name fails every health report.
        foreach (global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(HealthChecksAdded))
            {
                return;
            }
        }
        services.Add(new global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor(typeof(HealthChecksAdded), new HealthChecksAdded()));

        global::Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder checks =
            global::Microsoft.Extensions.DependencyInjection.HealthCheckServiceCollectionExtensions.AddHealthChecks(services);
        AddMongoHealthCheck(checks, options);
        AddRedisHealthCheck(checks, options);
    }

    static partial void AddMongoHealthCheck(global::Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder checks, UshadowOptions options);

    static partial void AddRedisHealthCheck(global::Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder checks, UshadowOptions options);

    private static global::System.Collections.Generic.Dictionary<string, object> HealthData(UshadowSettings settings) =>
        new global::System.Collections.Generic.Dictionary<string, object>
        {
            ["environment"] = settings.EnvironmentName,
            ["databaseMode"] = settings.DatabaseMode == UshadowDatabaseMode.Shared ? "shared" : "isolated",
        };

    /// <summary>Marks a service collection whose health checks are added.</summary>
    private sealed class HealthChecksAdded
    {
    }
}
