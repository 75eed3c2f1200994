static partial class UshadowHostingExtensions
{
    static partial void AddRedisHealthCheck(global::Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder checks, UshadowOptions options)
    {
        if (options.RegisterRedis)
        {
            checks.Add(new global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                RedisHealthCheckName, provider => new RedisHealthCheck(provider), failureStatus: null, tags: new[] { HealthCheckTag }));
        }
    }

    /// <summary>Sends PING to this environment's Redis database.</summary>
    private sealed class RedisHealthCheck : global::Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        private readonly global::System.IServiceProvider provider;

        public RedisHealthCheck(global::System.IServiceProvider provider)
        {
            this.provider = provider;
        }

        public async global::System.Threading.Tasks.Task<global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context,
            global::System.Threading.CancellationToken cancellationToken = default)
        {
            UshadowSettings settings = Required<UshadowSettings>(provider);
            global::System.Collections.Generic.Dictionary<string, object> data = HealthData(settings);
            data["redisDatabase"] = settings.RedisDatabase;
            string subject = "Redis database " + settings.RedisDatabase.ToString(global::System.Globalization.CultureInfo.InvariantCulture)
                + " of environment " + settings.EnvironmentName;
            try
            {
                // The connection may be made here, so its failure is this check's result too.
                global::StackExchange.Redis.IConnectionMultiplexer multiplexer = Required<global::StackExchange.Redis.IConnectionMultiplexer>(provider);
                if (!multiplexer.IsConnected)
                {
                    // A PING would wait in the reconnect backlog for the whole async timeout; the answer is known now.
                    return new global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult(
                        context.Registration.FailureStatus, subject + " does not answer PING (not connected)", null, data);
                }
                global::StackExchange.Redis.IDatabase database = settings.GetRedisDatabase(multiplexer);
                global::System.TimeSpan latency = await database.PingAsync().ConfigureAwait(false);
                return global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(
                    subject + " answers PING in " + latency.TotalMilliseconds.ToString("0.0", global::System.Globalization.CultureInfo.InvariantCulture) + " ms", data);
            }
            catch (global::System.Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The description is ours: a client message may name the endpoint and its options.
                return new global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult(
                    context.Registration.FailureStatus, subject + " does not answer PING (" + exception.GetType().Name + ")", exception, data);
            }
        }
    }
}
