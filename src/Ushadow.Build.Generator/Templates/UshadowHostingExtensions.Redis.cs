partial class UshadowOptions
{
    /// <summary>Whether to register <c>IConnectionMultiplexer</c> and this environment's <c>IDatabase</c> (and their health check); default <c>true</c>.</summary>
    public bool RegisterRedis { get; set; } = true;

    /// <summary>Changes the Redis options before the connection is made; <c>DefaultDatabase</c> is already this environment's.</summary>
    public global::System.Action<global::StackExchange.Redis.ConfigurationOptions>? ConfigureRedis { get; set; }
}

static partial class UshadowHostingExtensions
{
    static partial void AddRedis(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options)
    {
        if (!options.RegisterRedis)
        {
            return;
        }
        global::System.Action<global::StackExchange.Redis.ConfigurationOptions>? configure = options.ConfigureRedis;
        TryAddSingleton<global::StackExchange.Redis.IConnectionMultiplexer>(services, provider =>
        {
            global::StackExchange.Redis.ConfigurationOptions redis = Required<UshadowSettings>(provider).CreateRedisConfigurationOptions();
            // With Redis down, the connection is still made and keeps retrying; calls fail until the server answers.
            redis.AbortOnConnectFail = false;
            configure?.Invoke(redis);
            return global::StackExchange.Redis.ConnectionMultiplexer.Connect(redis);
        });
        TryAddSingleton(services, provider =>
            Required<UshadowSettings>(provider).GetRedisDatabase(Required<global::StackExchange.Redis.IConnectionMultiplexer>(provider)));
    }
}
