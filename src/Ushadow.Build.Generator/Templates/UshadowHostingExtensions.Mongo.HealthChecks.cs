static partial class UshadowHostingExtensions
{
    static partial void AddMongoHealthCheck(global::Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder checks, UshadowOptions options)
    {
        if (options.RegisterMongo)
        {
            checks.Add(new global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                MongoHealthCheckName, provider => new MongoHealthCheck(provider), failureStatus: null, tags: new[] { HealthCheckTag }));
        }
    }

    /// <summary>Runs <c>{ ping: 1 }</c> against this environment's MongoDB database.</summary>
    private sealed class MongoHealthCheck : global::Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        private readonly global::System.IServiceProvider provider;

        public MongoHealthCheck(global::System.IServiceProvider provider)
        {
            this.provider = provider;
        }

        public async global::System.Threading.Tasks.Task<global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context,
            global::System.Threading.CancellationToken cancellationToken = default)
        {
            UshadowSettings settings = Required<UshadowSettings>(provider);
            global::System.Collections.Generic.Dictionary<string, object> data = HealthData(settings);
            data["mongoDatabase"] = settings.MongoDatabaseName;
            string subject = "MongoDB database " + settings.MongoDatabaseName + " of environment " + settings.EnvironmentName;
            try
            {
                global::MongoDB.Driver.IMongoDatabase database = settings.GetMongoDatabase(Required<global::MongoDB.Driver.IMongoClient>(provider));
                await database.RunCommandAsync(
                    new global::MongoDB.Driver.BsonDocumentCommand<global::MongoDB.Bson.BsonDocument>(new global::MongoDB.Bson.BsonDocument("ping", 1)),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(subject + " answers ping", data);
            }
            catch (global::System.Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The description is ours: a driver message may quote the connection string.
                return new global::Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult(
                    context.Registration.FailureStatus, subject + " does not answer ping (" + exception.GetType().Name + ")", exception, data);
            }
        }
    }
}
