namespace Ushadow.TestSupport;

/// <summary>How <see cref="RedisServer.Start"/> configures its server.</summary>
public sealed record RedisServerOptions
{
    /// <summary>The <c>databases</c> setting; Redis' default is 16.</summary>
    public int Databases { get; init; } = 16;

    /// <summary>The <c>requirepass</c> password of the default user, or <c>null</c> for none.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// More <c>redis-server</c> arguments, given after the fixture's own (for a setting given twice, the later wins): what
    /// a cluster node or a server with ACL users needs.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
