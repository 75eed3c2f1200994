using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ushadow.Hosting;

/// <summary>This environment's MongoDB database: client settings, the database, and their registration in <c>AddUshadow()</c>.</summary>
public static class UshadowMongoDB
{
    // One client per settings object when the caller brings none; the driver connects lazily.
    private static readonly ConditionalWeakTable<UshadowRuntimeSettings, MongoClient> SharedClients = new();

    /// <summary>Creates MongoDB client settings from <see cref="UshadowRuntimeSettings.MongoConnectionString"/> with the driver's own parser.</summary>
    /// <param name="settings">The environment's settings.</param>
    /// <returns>New settings, ready for <c>new MongoClient(settings)</c>.</returns>
    /// <exception cref="UshadowSettingsException">The driver rejects the connection string; the message names its variable or key.</exception>
    public static MongoClientSettings CreateMongoClientSettings(this UshadowRuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return MongoClientSettings.FromUrl(new MongoUrl(settings.MongoConnectionString));
        }
        catch (Exception exception) when (exception is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message may quote the connection string, password included, so it is not passed on.
            var origin = settings.MongoOrigin ?? UshadowRuntimeSettings.Variables.MongoUri;
            throw new UshadowSettingsException(origin, $"{origin} is not a MongoDB connection string the driver accepts ({exception.GetType().Name}); expected mongodb://[user:password@]host[:port][/?options] or mongodb+srv://...");
        }
    }

    /// <summary>
    /// The <see cref="IMongoDatabase"/> named <see cref="UshadowRuntimeSettings.MongoDatabaseName"/>. Without a client, one
    /// client per settings object is created from <see cref="CreateMongoClientSettings"/> and reused (it connects lazily).
    /// </summary>
    /// <param name="settings">The environment's settings.</param>
    /// <param name="client">The client to use, for example one from dependency injection; <c>null</c> for the shared one.</param>
    /// <returns>The database of this environment.</returns>
    public static IMongoDatabase GetMongoDatabase(this UshadowRuntimeSettings settings, IMongoClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        client ??= SharedClients.GetValue(settings, static s => new MongoClient(s.CreateMongoClientSettings()));
        return client.GetDatabase(settings.MongoDatabaseName);
    }

    /// <summary>
    /// Registers one <see cref="IMongoClient"/> and this environment's <see cref="IMongoDatabase"/> (TryAdd: the app's own
    /// registrations are kept), and the <see cref="UshadowHealthChecks.MongoName"/> health check, as the options allow.
    /// The generated <c>AddUshadow()</c> calls it after <see cref="UshadowHosting.AddUshadow{TSettings, TOptions}"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="options">The options <c>AddUshadow</c> was given.</param>
    /// <param name="configure">Changes the client settings before the client is created, for example its timeouts.</param>
    public static void AddMongo(IHostApplicationBuilder builder, UshadowOptions options, Action<MongoClientSettings>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RegisterMongo)
        {
            return;
        }
        builder.Services.TryAddSingleton<IMongoClient>(provider =>
        {
            var clientSettings = provider.GetRequiredService<UshadowRuntimeSettings>().CreateMongoClientSettings();
            configure?.Invoke(clientSettings);
            return new MongoClient(clientSettings);
        });
        builder.Services.TryAddSingleton(provider =>
            provider.GetRequiredService<UshadowRuntimeSettings>().GetMongoDatabase(provider.GetRequiredService<IMongoClient>()));
        UshadowHosting.AddHealthCheck(builder.Services, options, UshadowHealthChecks.MongoName, provider => new MongoHealthCheck(provider));
    }

    /// <summary>Runs <c>{ ping: 1 }</c> against this environment's MongoDB database.</summary>
    private sealed class MongoHealthCheck(IServiceProvider provider) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var settings = provider.GetRequiredService<UshadowRuntimeSettings>();
            var data = UshadowHosting.HealthData(settings);
            data["mongoDatabase"] = settings.MongoDatabaseName;
            var subject = $"MongoDB database {settings.MongoDatabaseName} of environment {settings.EnvironmentName}";
            try
            {
                var database = settings.GetMongoDatabase(provider.GetRequiredService<IMongoClient>());
                await database.RunCommandAsync(new BsonDocumentCommand<BsonDocument>(new BsonDocument("ping", 1)), cancellationToken: cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy(subject + " answers ping", data);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The description is ours: a driver message may quote the connection string.
                return new HealthCheckResult(context.Registration.FailureStatus, $"{subject} does not answer ping ({exception.GetType().Name})", exception, data);
            }
        }
    }
}
