using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Ushadow.Hosting;

/// <summary>This environment's Redis database: client options, the database, and their registration in <c>AddUshadow()</c>.</summary>
public static class UshadowRedis
{
    /// <summary>
    /// Creates StackExchange.Redis options for the effective connection with <c>DefaultDatabase</c> set to
    /// <see cref="UshadowRuntimeSettings.RedisDatabase"/>.
    /// </summary>
    /// <param name="settings">The environment's settings.</param>
    /// <returns>New options, ready for <c>ConnectionMultiplexer.Connect(options)</c>.</returns>
    /// <exception cref="UshadowSettingsException">StackExchange.Redis rejects the configuration; the message names its variable or key.</exception>
    public static ConfigurationOptions CreateRedisConfigurationOptions(this UshadowRuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ConfigurationOptions options;
        if (settings.RedisUrl is { } url)
        {
            // Built from the URL's parts so a password holding ',' or '=' survives.
            options = new ConfigurationOptions { User = url.User, Password = url.Password, Ssl = url.Secure };
            options.EndPoints.Add(url.Host, url.Port);
        }
        else
        {
            try
            {
                options = ConfigurationOptions.Parse(settings.RedisConfiguration);
            }
            catch (ArgumentException exception)
            {
                var origin = settings.RedisOrigin ?? UshadowRuntimeSettings.Variables.AspireRedisConnectionString;
                throw new UshadowSettingsException(origin, $"{origin} is not a StackExchange.Redis configuration ({exception.GetType().Name}); expected 'host:port[,option=value...]'.");
            }
        }
        options.DefaultDatabase = settings.RedisDatabase;
        if (settings.RedisKeyPrefix.Length > 0)
        {
            // Prefix mode: database 0 as the environment's own user; every pub/sub channel under the prefix as well.
            options.ChannelPrefix = new RedisChannel(settings.RedisKeyPrefix, RedisChannel.PatternMode.Literal);
            if (settings.RedisUsername is { } user)
            {
                options.User = user;
                options.Password = settings.RedisPassword;
            }
        }
        return options;
    }

    /// <summary>The Redis database numbered <see cref="UshadowRuntimeSettings.RedisDatabase"/> on <paramref name="multiplexer"/>.</summary>
    /// <param name="settings">The environment's settings.</param>
    /// <param name="multiplexer">The connection to use.</param>
    /// <returns>The database of this environment.</returns>
    public static IDatabase GetRedisDatabase(this UshadowRuntimeSettings settings, IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(multiplexer);
        var database = multiplexer.GetDatabase(settings.RedisDatabase);
        return settings.RedisKeyPrefix.Length > 0 ? database.WithKeyPrefix(settings.RedisKeyPrefix) : database;
    }

    /// <summary>
    /// Registers one <see cref="IConnectionMultiplexer"/> (<c>AbortOnConnectFail=false</c>, made on first use) and this
    /// environment's <see cref="IDatabase"/> (TryAdd: the app's own registrations are kept), and the
    /// <see cref="UshadowHealthChecks.RedisName"/> health check, as the options allow. The generated <c>AddUshadow()</c>
    /// calls it after <see cref="UshadowHosting.AddUshadow{TSettings, TOptions}"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="options">The options <c>AddUshadow</c> was given.</param>
    /// <param name="configure">Changes the Redis options before the connection is made; <c>DefaultDatabase</c> is already this environment's.</param>
    public static void AddRedis(IHostApplicationBuilder builder, UshadowOptions options, Action<ConfigurationOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RegisterRedis)
        {
            return;
        }
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(provider =>
        {
            var redis = provider.GetRequiredService<UshadowRuntimeSettings>().CreateRedisConfigurationOptions();
            // With Redis down, the connection is still made and keeps retrying; calls fail until the server answers.
            redis.AbortOnConnectFail = false;
            configure?.Invoke(redis);
            return ConnectionMultiplexer.Connect(redis);
        });
        builder.Services.TryAddSingleton(provider =>
            provider.GetRequiredService<UshadowRuntimeSettings>().GetRedisDatabase(provider.GetRequiredService<IConnectionMultiplexer>()));
        UshadowHosting.AddHealthCheck(builder.Services, options, UshadowHealthChecks.RedisName, provider => new RedisHealthCheck(provider));
    }

    /// <summary>Sends PING to this environment's Redis database.</summary>
    private sealed class RedisHealthCheck(IServiceProvider provider) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var settings = provider.GetRequiredService<UshadowRuntimeSettings>();
            var data = UshadowHosting.HealthData(settings);
            data["redisDatabase"] = settings.RedisDatabase;
            var subject = $"Redis database {settings.RedisDatabase.ToString(CultureInfo.InvariantCulture)} of environment {settings.EnvironmentName}";
            try
            {
                // The connection may be made here, so its failure is this check's result too.
                var multiplexer = provider.GetRequiredService<IConnectionMultiplexer>();
                if (!multiplexer.IsConnected)
                {
                    // A PING would wait in the reconnect backlog for the whole async timeout; the answer is known now.
                    return new HealthCheckResult(context.Registration.FailureStatus, subject + " does not answer PING (not connected)", null, data);
                }
                var latency = await settings.GetRedisDatabase(multiplexer).PingAsync().ConfigureAwait(false);
                return HealthCheckResult.Healthy($"{subject} answers PING in {latency.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms", data);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The description is ours: a client message may name the endpoint and its options.
                return new HealthCheckResult(context.Registration.FailureStatus, $"{subject} does not answer PING ({exception.GetType().Name})", exception, data);
            }
        }
    }
}
