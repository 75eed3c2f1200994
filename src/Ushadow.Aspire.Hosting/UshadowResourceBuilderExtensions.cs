using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Ushadow in a .NET Aspire AppHost: the worktree's environment as a resource, <see cref="WithUshadow"/> for the resources
/// it runs, this environment's Redis database on the team's one server, and endpoints pinned to the environment's ports.
/// </summary>
public static class UshadowResourceBuilderExtensions
{
    /// <summary>The dashboard's type for the environment resource.</summary>
    private const string ResourceType = "Ushadow";

    /// <summary>
    /// Adds the environment resource from the values the build resolved. An AppHost that references Ushadow.Build calls
    /// the generated <c>builder.AddUshadowEnvironment()</c>, which passes them; call this only to build a model by hand.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="values">The resolved values and their sources.</param>
    /// <returns>The environment resource, for <see cref="WithUshadow"/>, <see cref="AddRedisDatabase"/> and <see cref="WithUshadowEndpoint"/>.</returns>
    /// <exception cref="InvalidOperationException">The AppHost already has an environment: one AppHost runs its worktree's one environment.</exception>
    public static IResourceBuilder<UshadowEnvironmentResource> AddUshadowEnvironment(this IDistributedApplicationBuilder builder, string name, IEnumerable<UshadowValue> values)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resources.OfType<UshadowEnvironmentResource>().FirstOrDefault() is { } existing)
        {
            throw new InvalidOperationException(
                $"The AppHost already has the Ushadow environment '{existing.Name}' ({existing.EnvironmentName}): an AppHost runs one environment, its worktree's. Pass that resource to WithUshadow().");
        }
        var environment = new UshadowEnvironmentResource(name, values);
        return builder.AddResource(environment)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                // Nothing runs: the build resolved these values, and they hold for as long as the AppHost runs.
                State = new ResourceStateSnapshot("Resolved", KnownResourceStateStyles.Success),
                Properties = Properties(environment),
            })
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Gives a resource this environment's variables: <c>ENV_NAME</c>, <c>DATABASE_MODE</c>, <c>MONGODB_DATABASE</c>,
    /// <c>REDIS_DATABASE</c>, <c>PORT_OFFSET</c> and the ports of <c>UshadowPorts</c> (<c>BACKEND_PORT</c>, ...). A backend
    /// on Ushadow.Hosting then resolves exactly what the build wrote to this worktree's <c>.env</c>.
    /// </summary>
    /// <remarks>
    /// A referenced MongoDB connection string keeps its server; the database name comes from <c>MONGODB_DATABASE</c>. For
    /// Redis, reference <see cref="AddRedisDatabase"/>'s connection string, which carries this environment's number: a
    /// resource that references the Redis server itself gets a warning in its log.
    /// </remarks>
    /// <typeparam name="T">A project, executable or container.</typeparam>
    /// <param name="builder">The resource.</param>
    /// <param name="environment">The environment, from <c>AddUshadowEnvironment()</c>.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithUshadow<T>(this IResourceBuilder<T> builder, IResourceBuilder<UshadowEnvironmentResource> environment)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        var resource = environment.Resource;
        return builder
            .WithRelationship(resource, ResourceType)
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in resource.Variables)
                {
                    context.EnvironmentVariables[key] = value;
                }
                // References are all recorded by now, whatever the order of the calls.
                foreach (var server in ReferencedRedisServers(context.Resource, resource))
                {
                    context.Logger.LogWarning(
                        "{Resource} references the Redis server '{Server}' itself, so its clients use the server's default database, not this environment's number {Database}: reference the connection string of AddRedisDatabase() instead.",
                        context.Resource.Name, server.Name, resource.RedisDatabase);
                }
            });
    }

    /// <summary>
    /// Adds a connection string named <paramref name="name"/> for this environment's own Redis database on
    /// <paramref name="server"/> (the team's one Redis server): the server's connection string with
    /// <c>defaultDatabase=</c> this environment's number. A <c>redis://</c> URL is rewritten in StackExchange.Redis syntax.
    /// In Redis prefix mode with an ACL user of its own (README, Redis at team scale), database 0 as that user, not the
    /// team's: its password is read when the resource starts, from <c>REDIS_PASSWORD</c> or <c>redis.password</c> of the
    /// nearest <c>config/SECRETS/secrets.yaml</c>.
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <param name="name">The connection name the backend reads, <c>redis</c> for Ushadow.Hosting (<c>ConnectionStrings__redis</c>).</param>
    /// <param name="server">The server: <c>AddConnectionString("redis-server")</c> for an existing one, or a Redis resource.</param>
    /// <returns>The connection string resource, for <c>WithReference</c>.</returns>
    public static IResourceBuilder<ConnectionStringResource> AddRedisDatabase(this IResourceBuilder<UshadowEnvironmentResource> environment, string name, IResourceBuilder<IResourceWithConnectionString> server)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(server);
        environment.Resource.AddRedisServer(server.Resource);
        var resource = environment.Resource;
        var database = new RedisDatabaseConnection(server.Resource, resource.RedisDatabase)
        {
            User = resource.RedisUsername.Length > 0 ? resource.RedisUsername : null,
        };
        return environment.ApplicationBuilder
            .AddConnectionString(name, ReferenceExpression.Create($"{database}"))
            .WithParentRelationship(environment.Resource);
    }

    /// <summary>
    /// Pins the resource's endpoint <paramref name="endpointName"/> to the environment's port <paramref name="portKey"/>
    /// (such as <c>BACKEND_PORT</c>), so its URL stays the same across runs and never collides with another worktree's.
    /// An existing endpoint keeps its target (Aspire's proxy listens on the port); a new one is an HTTP endpoint on which
    /// the process itself listens (it reads the port from the variable <see cref="WithUshadow"/> gives it).
    /// </summary>
    /// <typeparam name="T">A project, executable or container.</typeparam>
    /// <param name="builder">The resource.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="portKey">A key of <c>UshadowPorts</c>.</param>
    /// <param name="endpointName">The endpoint, <c>http</c> by default.</param>
    /// <returns>The resource builder.</returns>
    /// <exception cref="ArgumentException">The environment has no port <paramref name="portKey"/>.</exception>
    public static IResourceBuilder<T> WithUshadowEndpoint<T>(this IResourceBuilder<T> builder, IResourceBuilder<UshadowEnvironmentResource> environment, string portKey, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        var port = environment.Resource.GetPort(portKey);
        return builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == endpointName)
            ? builder.WithEndpoint(endpointName, endpoint => endpoint.Port = port)
            : builder.WithHttpEndpoint(port: port, name: endpointName, isProxied: false);
    }

    /// <summary>The dashboard's properties: each value, then where it came from. Never a secret: the build hands none over.</summary>
    private static ImmutableArray<ResourcePropertySnapshot> Properties(UshadowEnvironmentResource environment) =>
    [
        .. environment.Values.SelectMany(value => new[]
        {
            new ResourcePropertySnapshot("ushadow." + value.Key, value.Value) { DisplayName = value.Key },
            new ResourcePropertySnapshot("ushadow." + value.Key + ".source", value.Source) { DisplayName = value.Key + " source" },
        }),
    ];

    private static IEnumerable<IResource> ReferencedRedisServers(IResource resource, UshadowEnvironmentResource environment) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && environment.RedisServers.Contains(r.Resource))
            .Select(r => r.Resource)
            .Distinct();
}
