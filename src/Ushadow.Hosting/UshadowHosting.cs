using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ushadow.Hosting;

/// <summary>
/// What the generated <c>AddUshadow()</c> calls: registers the environment's settings, then each referenced driver
/// package adds its client (<c>UshadowMongoDB.AddMongo</c>, <c>UshadowRedis.AddRedis</c>).
/// </summary>
public static class UshadowHosting
{
    /// <summary>
    /// Registers <typeparamref name="TSettings"/> (and <see cref="UshadowRuntimeSettings"/>, the same object) as a singleton
    /// resolved from <c>builder.Configuration</c> on first use, so configuration sources added later count too, and
    /// <see cref="UshadowSchema"/> for the app's migrations. A service
    /// the app has already registered is kept (TryAdd).
    /// </summary>
    /// <typeparam name="TSettings">The generated <c>UshadowSettings</c>.</typeparam>
    /// <typeparam name="TOptions">The options type the app configures.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="resolve">Resolves the settings from configuration: the generated <c>UshadowSettings.Resolve</c>.</param>
    /// <param name="configure">Changes the options: what to register and how to configure the clients.</param>
    /// <returns>The options after <paramref name="configure"/>, for the driver packages.</returns>
    public static TOptions AddUshadow<TSettings, TOptions>(IHostApplicationBuilder builder, Func<IConfiguration, TSettings> resolve, Action<TOptions>? configure)
        where TSettings : UshadowRuntimeSettings
        where TOptions : UshadowOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resolve);
        var options = new TOptions();
        configure?.Invoke(options);

        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(_ => resolve(configuration));
        builder.Services.TryAddSingleton<UshadowRuntimeSettings>(provider => provider.GetRequiredService<TSettings>());
        builder.Services.TryAddSingleton(provider => new UshadowSchema(
            provider.GetRequiredService<UshadowRuntimeSettings>(), options.Schema, provider.GetService<ILogger<UshadowSchema>>()));
        return options;
    }

    /// <summary>
    /// Adds a health check tagged <see cref="UshadowHealthChecks.Tag"/> once per service collection, when
    /// <see cref="UshadowOptions.RegisterHealthChecks"/> allows: a second registration under one name would fail every health report.
    /// </summary>
    /// <param name="services">The services of the host.</param>
    /// <param name="options">The options <c>AddUshadow</c> was given.</param>
    /// <param name="name">The name of the check, for example <see cref="UshadowHealthChecks.RedisName"/>.</param>
    /// <param name="factory">Creates the check.</param>
    internal static void AddHealthCheck(IServiceCollection services, UshadowOptions options, string name, Func<IServiceProvider, IHealthCheck> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RegisterHealthChecks)
        {
            return;
        }
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(HealthCheckAdded) && descriptor.ImplementationInstance is HealthCheckAdded added && added.Name == name)
            {
                return;
            }
        }
        services.AddSingleton(new HealthCheckAdded(name));
        services.AddHealthChecks().Add(new HealthCheckRegistration(name, factory, failureStatus: null, tags: [UshadowHealthChecks.Tag]));
    }

    /// <summary>What every check reports besides its own values: the environment and its mode.</summary>
    /// <param name="settings">The environment's settings.</param>
    /// <returns>A new dictionary, for the check to add to.</returns>
    internal static Dictionary<string, object> HealthData(UshadowRuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Dictionary<string, object>
        {
            ["environment"] = settings.EnvironmentName,
            ["databaseMode"] = settings.DatabaseMode == UshadowDatabaseMode.Shared ? "shared" : "isolated",
        };
    }

    /// <summary>Marks a health check as added to a service collection.</summary>
    private sealed record HealthCheckAdded(string Name);
}
