namespace Ushadow.Core.Registry;

/// <summary>A Redis server (the registry's, or the tool's) did not answer in time; the message names the server, never its password.</summary>
internal sealed class RegistryUnavailableException : Exception
{
    /// <summary>Creates the exception; <paramref name="cause"/> names what failed (never the client's message, which may echo the password).</summary>
    public RegistryUnavailableException(string server, string cause)
        : base($"The Redis server {server} did not answer within {RedisRegistryStore.Timeout.TotalSeconds:0} s ({cause}).")
    {
        Server = server;
        Cause = cause;
    }

    /// <summary>What failed: the connection or a command, and the client's exception type.</summary>
    public string Cause { get; }

    /// <summary>The server, without password.</summary>
    public string Server { get; }
}
