/// <summary>What <see cref="UshadowHostingExtensions.AddUshadow{TBuilder}"/> registers; by default everything it can.</summary>
[GeneratedCode]
internal sealed partial class UshadowOptions
{
}

/// <summary>Registers this environment's <see cref="UshadowSettings"/>, database clients and health checks with a .NET host.</summary>
[GeneratedCode]
internal static partial class UshadowHostingExtensions
{
    /// <summary>
    /// Registers <see cref="UshadowSettings"/> as a singleton resolved from <c>builder.Configuration</c>
    /// (<see cref="UshadowSettings.Resolve(global::Microsoft.Extensions.Configuration.IConfiguration)"/>), and, where the
    /// app references their libraries, one MongoDB client and this environment's <c>IMongoDatabase</c>, one Redis
    /// connection and this environment's <c>IDatabase</c>, and health checks that ping both. A service the app has
    /// already registered is kept (TryAdd). Everything is created on first use, so the host starts with a server down.
    /// </summary>
    /// <typeparam name="TBuilder">The builder, for example <c>WebApplicationBuilder</c> or <c>HostApplicationBuilder</c>.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Changes <see cref="UshadowOptions"/>: what to register and how to configure the clients.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static TBuilder AddUshadow<TBuilder>(this TBuilder builder, global::System.Action<UshadowOptions>? configure = null)
        where TBuilder : global::Microsoft.Extensions.Hosting.IHostApplicationBuilder
    {
        if (builder is null)
        {
            throw new global::System.ArgumentNullException(nameof(builder));
        }
        UshadowOptions options = new UshadowOptions();
        configure?.Invoke(options);

        // Resolved on first use, so configuration sources added after AddUshadow count too.
        global::Microsoft.Extensions.Configuration.IConfiguration configuration = builder.Configuration;
        TryAddSingleton(builder.Services, _ => UshadowSettings.Resolve(configuration));
        AddMongo(builder.Services, options);
        AddRedis(builder.Services, options);
        AddHealthChecks(builder.Services, options);
        return builder;
    }

    // Each is written only when the app references the library it needs; without a body, its call compiles away.
    static partial void AddMongo(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options);

    static partial void AddRedis(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options);

    static partial void AddHealthChecks(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options);

    private static void TryAddSingleton<TService>(
        global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
        global::System.Func<global::System.IServiceProvider, TService> factory)
        where TService : class =>
        global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, factory);

    private static TService Required<TService>(global::System.IServiceProvider provider)
        where TService : notnull =>
        global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TService>(provider);
}
