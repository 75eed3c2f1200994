namespace Ushadow.Core.Registry;

/// <summary>
/// Where the registry lives: the per-user file (<see cref="FileRegistryStore"/>, the default) or a Redis server a
/// team shares (<see cref="RedisRegistryStore"/>, SPEC §10). Both hand the same entries to the same pure
/// <see cref="RedisAllocationPolicy"/>; the store only decides how a claim is made safe against other builds.
/// </summary>
public interface IEnvironmentRegistryStore
{
    /// <summary>The registry as named in messages and provenance: a file path, or the server without its password.</summary>
    string Location { get; }

    /// <summary>The local file a build's result depends on (the registry file, or the Redis store's local cache).</summary>
    string LocalFile { get; }

    /// <summary>This machine in a shared registry (entries record it); <c>null</c> for the per-user file.</summary>
    string? Host { get; }

    /// <summary>A Redis database never handed to an environment (the Redis store's own); <c>null</c> when none is.</summary>
    int? ReservedDatabase { get; }

    /// <summary>Reads the registry as it is now, claiming and locking nothing (plans, design-time builds, <c>explain</c>).</summary>
    /// <exception cref="UshadowException">The registry cannot be read.</exception>
    RegistrySnapshot ReadSnapshot();

    /// <summary>Opens the registry for a change, excluding other writers until disposed (waiting at most <paramref name="timeout"/>).</summary>
    /// <exception cref="UshadowException">The registry cannot be opened in time or read.</exception>
    /// <exception cref="RegistryUnavailableException">The Redis server did not answer (the caller may fall back on its cache).</exception>
    IEnvironmentRegistrySession Open(TimeSpan timeout);
}

/// <summary>An open registry: read, change in memory, then <see cref="Save"/>. Dispose releases it; unsaved changes are dropped.</summary>
public interface IEnvironmentRegistrySession : IDisposable
{
    /// <summary>Every registered environment, ordered by <c>app/name</c>.</summary>
    IReadOnlyList<RegisteredEnvironment> Environments { get; }

    /// <summary>The environment registered as <paramref name="id"/>, if any.</summary>
    RegisteredEnvironment? Find(EnvironmentId id);

    /// <summary>Adds or replaces an environment (see <see cref="EnvironmentRegistry.Put"/>).</summary>
    void Put(RegisteredEnvironment environment);

    /// <summary>Removes an environment; nothing happens when it is not registered.</summary>
    void Remove(EnvironmentId id);

    /// <summary>Writes the changes; returns whether anything was written.</summary>
    /// <exception cref="UshadowException">The registry cannot be written.</exception>
    bool Save();
}

/// <summary>The registry as read without a lock.</summary>
/// <param name="Environments">Every registered environment.</param>
/// <param name="Diagnostics">Warnings about the read (the Redis store offline, answering from its cache).</param>
public sealed record RegistrySnapshot(IReadOnlyList<RegisteredEnvironment> Environments, IReadOnlyList<UshadowDiagnostic> Diagnostics);

/// <summary>A Redis server (the registry's, or the tool's) did not answer in time; the message names the server, never its password.</summary>
public sealed class RegistryUnavailableException : Exception
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

/// <summary>The per-user registry file, <c>&lt;state dir&gt;/environments.json</c> (SPEC §3.4): the default store.</summary>
/// <param name="StateDirectory">The state directory.</param>
public sealed record FileRegistryStore(string StateDirectory) : IEnvironmentRegistryStore
{
    /// <inheritdoc/>
    public string Location => EnvironmentRegistry.PathIn(StateDirectory);

    /// <inheritdoc/>
    public string LocalFile => Location;

    /// <inheritdoc/>
    public string? Host => null;

    /// <inheritdoc/>
    public int? ReservedDatabase => null;

    /// <inheritdoc/>
    public RegistrySnapshot ReadSnapshot() => new(EnvironmentRegistry.ReadSnapshot(StateDirectory), []);

    /// <inheritdoc/>
    public IEnvironmentRegistrySession Open(TimeSpan timeout) => EnvironmentRegistry.Open(StateDirectory, timeout);
}

/// <summary>Chooses the registry store of a request: <c>USHADOW_REGISTRY</c> &gt; <c>UshadowRegistry</c> &gt; the file.</summary>
public static class RegistryStores
{
    /// <summary>
    /// The store <paramref name="request"/> names: <c>file</c> or nothing is the file in <paramref name="stateDirectory"/>;
    /// <c>redis://</c> or <c>rediss://</c> a Redis store. Connects to nothing.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1050</c> for any other value (the message hides a password).</exception>
    public static IEnvironmentRegistryStore For(ProvisionRequest request, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (text, source) = request.Variable(VariableNames.Registry) is { } variable
            ? (variable, $"environment variable {VariableNames.Registry}")
            : (request.Properties.Registry, "MSBuild property UshadowRegistry");
        var host = request.Variable(VariableNames.Host)?.Trim() is { Length: > 0 } named ? named : System.Environment.MachineName;
        return For(text, source, stateDirectory, InputRules.RedisDatabaseCount(request.Properties.RedisDatabaseCount), host);
    }

    /// <summary>The store <paramref name="text"/> names (see <see cref="For(ProvisionRequest, string)"/>); <paramref name="source"/> is named in errors.</summary>
    public static IEnvironmentRegistryStore For(string? text, string source, string stateDirectory, int databaseCount, string host)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || string.Equals(value, "file", StringComparison.OrdinalIgnoreCase))
        {
            return new FileRegistryStore(stateDirectory);
        }
        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            RedisServerAddress address;
            try
            {
                address = RedisServerAddress.Parse(value, RedisRegistryStore.Timeout, source: source);
            }
            catch (UshadowException e)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting, e.Diagnostic.Message + " Use file, redis://[user:password@]host[:port][/db] or rediss://...", inner: e);
            }
            var database = address.Database ?? databaseCount - 1;
            if (database < 0 || database >= databaseCount)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting,
                    $"{source} names database {database} of {address.Display}, outside 0..{databaseCount - 1} (UshadowRedisDatabaseCount {databaseCount}): name one inside, or leave /db out to use the last one.");
            }
            address.Options.DefaultDatabase = database;
            return new RedisRegistryStore(address, database, stateDirectory, host);
        }
        throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting,
            $"{source} '{RedisServerAddress.Redact(value)}' is invalid: use file (the default, {EnvironmentRegistry.FileName} in the state folder), redis://[user:password@]host[:port][/db] or rediss://... (a team registry on a shared Redis server).");
    }
}
