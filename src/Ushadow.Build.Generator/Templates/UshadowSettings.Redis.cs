partial class UshadowSettings
{
    /// <summary>
    /// Creates StackExchange.Redis options for the effective connection with <c>DefaultDatabase</c> set to <see cref="RedisDatabase"/>.
    /// </summary>
    /// <returns>New options, ready for <c>ConnectionMultiplexer.Connect(options)</c>.</returns>
    /// <exception cref="UshadowSettingsException">StackExchange.Redis rejects the configuration; the message names its variable or key.</exception>
    public global::StackExchange.Redis.ConfigurationOptions CreateRedisConfigurationOptions()
    {
        global::StackExchange.Redis.ConfigurationOptions options;
        if (redisUrl != null)
        {
            // Built from the URL's parts so a password holding ',' or '=' survives.
            options = new global::StackExchange.Redis.ConfigurationOptions();
            options.EndPoints.Add(redisUrl.Host, redisUrl.Port);
            options.User = redisUrl.User;
            options.Password = redisUrl.Password;
            options.Ssl = redisUrl.Secure;
        }
        else
        {
            try
            {
                options = global::StackExchange.Redis.ConfigurationOptions.Parse(RedisConfiguration);
            }
            catch (global::System.ArgumentException exception)
            {
                string origin = redisOrigin ?? Variables.AspireRedisConnectionString;
                throw new UshadowSettingsException(origin, origin + " is not a StackExchange.Redis configuration (" + exception.GetType().Name + "); expected 'host:port[,option=value...]'.");
            }
        }
        options.DefaultDatabase = RedisDatabase;
        return options;
    }

    /// <summary>The Redis database numbered <see cref="RedisDatabase"/> on <paramref name="multiplexer"/>.</summary>
    /// <param name="multiplexer">The connection to use.</param>
    /// <returns>The database of this environment.</returns>
    public global::StackExchange.Redis.IDatabase GetRedisDatabase(global::StackExchange.Redis.IConnectionMultiplexer multiplexer)
    {
        if (multiplexer is null)
        {
            throw new global::System.ArgumentNullException(nameof(multiplexer));
        }
        return multiplexer.GetDatabase(RedisDatabase);
    }
}
