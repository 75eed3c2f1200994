using Aspire.Hosting.ApplicationModel;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Aspire.Hosting;

/// <summary>
/// A Redis server's connection string pointed at one database (<c>defaultDatabase=</c>), worked out when a resource starts,
/// so the server's password is read from configuration then and never held here.
/// </summary>
internal sealed class RedisDatabaseConnection(IResourceWithConnectionString server, int database) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    public string ValueExpression => server.ConnectionStringExpression.ValueExpression;

    public IEnumerable<object> References => [server];

    /// <summary>The environment's own ACL user in Redis prefix mode: the connection then uses database 0 as that user.</summary>
    public string? User { get; init; }

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var connection = await server.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new DistributedApplicationException(
                $"The Redis server '{server.Name}' has no connection string: set ConnectionStrings:{server.Name} in the AppHost's configuration (user secrets, appsettings.json or the variable ConnectionStrings__{server.Name}).");
        }
        if (User is { } user)
        {
            var password = Environment.GetEnvironmentVariable(VariableNames.RedisPassword) is { Length: > 0 } variable ? variable : RedisSecretsFile.FindPassword()
                ?? throw new DistributedApplicationException(
                    $"The Redis user '{user}' of this environment has no password here: set {VariableNames.RedisPassword}, or build the environment so that config/SECRETS/secrets.yaml holds redis.password.");
            return RedisConfiguration.AsUser(connection, user, password, out var userProblem)
                ?? throw new DistributedApplicationException($"The connection string of the Redis server '{server.Name}' cannot be used: {userProblem}. (The value is not shown: it may hold a password.)");
        }
        return RedisConfiguration.WithDefaultDatabase(connection, database, out var problem)
            ?? throw new DistributedApplicationException($"The connection string of the Redis server '{server.Name}' cannot be used: {problem}. (The value is not shown: it may hold a password.)");
    }
}
