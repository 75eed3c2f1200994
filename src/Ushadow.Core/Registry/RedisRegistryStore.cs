using System.Globalization;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Redis;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>
/// The registry of a team that shares one Redis server (README, Teams on one server), kept in that server's reserved
/// database.
/// </summary>
/// <remarks>
/// Design: it mirrors the file store. <see cref="Open"/> takes a lease (<c>SET ushadow:registry:lock token NX PX</c>),
/// the caller re-plans against the entries read under it, and <see cref="IEnvironmentRegistrySession.Save"/>
/// commits with one Lua script that first checks the lease is still this session's (a fence against a lease that
/// expired while a build stalled) and that every claim of every entry put is free or its own; only then does it
/// write. A failed check writes nothing and is a <see cref="RegistryConflictException"/>: the caller re-reads and
/// re-plans. Claims live in one hash per entry field (<c>redis_database</c>, <c>port_offset</c>), global across
/// apps, derived by the script from the entry JSON itself, so a field a newer version adds is claimed the same way.
/// Keys: <c>ushadow:registry:lock</c>, <c>ushadow:registry:environments</c> (field <c>app/name</c>, value the entry
/// JSON in the shape of <c>environments.json</c>, unknown fields kept), <c>ushadow:registry:claims:&lt;field&gt;</c>
/// (field the number, value <c>app/name</c>).
/// </remarks>
internal sealed class RedisRegistryStore : IEnvironmentRegistryStore
{
    /// <summary>The prefix of every registry key.</summary>
    public const string KeyPrefix = "ushadow:registry:";

    /// <summary>The hash of entries, field <c>app/name</c>.</summary>
    public const string EnvironmentsKey = KeyPrefix + "environments";

    internal const string LockKey = KeyPrefix + "lock";

    /// <summary>
    /// The prefix of every registry key on a Redis Cluster: one hash tag, so the lease, the entries and the claims share a
    /// slot and the commit script may touch them all. A single server keeps the names earlier versions wrote.
    /// </summary>
    public const string ClusterKeyPrefix = ClusterHashTag + ":registry:";

    /// <summary>The hash tag of every registry key on a Redis Cluster (an environment's prefix may not start with it).</summary>
    public const string ClusterHashTag = "{ushadow}";

    /// <summary>Entry fields whose values are claims unique on the server.</summary>
    internal static readonly string[] ClaimFields = ["redis_database", "port_offset"];

    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private const string CommitScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('USHADOW lease lost') end
        local i = 2
        local nfields = tonumber(ARGV[i]); i = i + 1
        local fields = {}
        for k = 1, nfields do fields[k] = ARGV[i]; i = i + 1 end
        local nremove = tonumber(ARGV[i]); i = i + 1
        local removing = {}
        local removes = {}
        for k = 1, nremove do removes[k] = ARGV[i]; removing[ARGV[i]] = true; i = i + 1 end
        local nput = tonumber(ARGV[i]); i = i + 1
        local puts = {}
        for k = 1, nput do puts[k] = { ARGV[i], ARGV[i + 1] }; removing[ARGV[i]] = true; i = i + 2 end
        local function claims_of(json)
          local result = {}
          if not json then return result end
          local entry = cjson.decode(json)
          for k, field in ipairs(fields) do
            local v = entry[field]
            -- An entry in Redis prefix mode uses database 0 under its own prefix: it claims no number.
            if type(v) == 'number' and not (field == 'redis_database' and entry['redis_isolation'] == 'prefix') then
              result[k] = string.format('%d', v)
            end
          end
          return result
        end
        -- Check everything before writing anything: a script's writes are not rolled back by an error.
        local wanted = {}
        for _, p in ipairs(puts) do
          for k, v in pairs(claims_of(p[2])) do
            local holder = redis.call('HGET', KEYS[2 + k], v)
            if holder and holder ~= p[1] and not removing[holder] then
              return redis.error_reply('USHADOW claimed ' .. fields[k] .. ' ' .. v .. ' ' .. holder)
            end
            local key = k .. ':' .. v
            if wanted[key] and wanted[key] ~= p[1] then return redis.error_reply('USHADOW claimed ' .. fields[k] .. ' ' .. v .. ' ' .. wanted[key]) end
            wanted[key] = p[1]
          end
        end
        local function release(id)
          for k, v in pairs(claims_of(redis.call('HGET', KEYS[2], id))) do
            if redis.call('HGET', KEYS[2 + k], v) == id then redis.call('HDEL', KEYS[2 + k], v) end
          end
        end
        for _, id in ipairs(removes) do release(id); redis.call('HDEL', KEYS[2], id) end
        for _, p in ipairs(puts) do release(p[1]) end
        for _, p in ipairs(puts) do
          for k, v in pairs(claims_of(p[2])) do redis.call('HSET', KEYS[2 + k], v, p[1]) end
          redis.call('HSET', KEYS[2], p[1], p[2])
        end
        return 'ok'
        """;

    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly RedisServerAddress _address;
    private readonly bool _databaseNamed;

    internal RedisRegistryStore(RedisServerAddress address, int database, string stateDirectory, string host)
    {
        _address = address;
        _databaseNamed = address.Database is not null;
        Database = database;
        Host = host;
        StateDirectory = Path.GetFullPath(stateDirectory);
        // One cache per server and database, so pointing at another server never offers this one's claims.
        LocalFile = Path.Combine(StateDirectory, $"environments.redis-{Fnv1a.Hash(address.Display + "/" + database.ToString(CultureInfo.InvariantCulture)):x8}.json");
    }

    /// <summary>The bound on connecting and on every command: 2 seconds (docs/decisions.md, Offline).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The server, without password.</summary>
    public string Server => _address.Display;

    /// <summary>The reserved database holding the registry (database 0 on a cluster, where it is the only one).</summary>
    public int Database { get; private set; }

    /// <summary>Whether the server is a Redis Cluster (known once connected): it offers only database 0.</summary>
    public bool IsCluster { get; private set; }

    /// <summary>The prefix of this store's keys: <see cref="KeyPrefix"/>, or <see cref="ClusterKeyPrefix"/> on a cluster.</summary>
    public string Prefix => IsCluster ? ClusterKeyPrefix : KeyPrefix;

    /// <summary>The state directory, where the local cache of this host's entries lives.</summary>
    public string StateDirectory { get; }

    /// <inheritdoc/>
    public string Location => IsCluster
        ? $"the Redis registry at {_address.Display} (a Redis Cluster, database 0)"
        : $"the Redis registry at {_address.Display} (database {Database.ToString(CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    public string LocalFile { get; }

    /// <inheritdoc/>
    public string? Host { get; }

    /// <inheritdoc/>
    public int? ReservedDatabase => IsCluster ? null : Database;

    /// <inheritdoc/>
    public bool OffersOnlyDatabaseZero => IsCluster;

    /// <inheritdoc/>
    public bool ManagesAclUsers => true;

    /// <inheritdoc/>
    public RegistrySnapshot ReadSnapshot()
    {
        try
        {
            using var connection = Connect();
            return new RegistrySnapshot(ReadEntries(connection.GetDatabase(Database)).Values.Select(e => e.Environment).ToList(), []);
        }
        catch (RegistryUnavailableException e)
        {
            return new RegistrySnapshot(ReadCache(), [OfflineWarning(e.Cause)]);
        }
    }

    /// <inheritdoc/>
    public IEnvironmentRegistrySession Open(TimeSpan timeout)
    {
        var connection = Connect();
        try
        {
            var database = connection.GetDatabase(Database);
            var token = Guid.NewGuid().ToString("N");
            var deadline = DateTime.UtcNow + timeout;
            while (!Guard(() => database.StringSet(Prefix + "lock", token, LeaseTime, When.NotExists)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new UshadowException(DiagnosticCodes.RegistryLockTimeout,
                        $"Another build held {Location} for more than {timeout.TotalSeconds:0} s (key {Prefix}lock); try again, or delete that key if no build is running.");
                }
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
            return new RedisRegistrySession(this, connection, database, token, ReadEntries(database));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>This host's entries as last committed on this machine, for building on while the server is away.</summary>
    public IReadOnlyList<RegisteredEnvironment> ReadCache()
    {
        var text = AtomicFile.ReadAllTextOrNull(LocalFile);
        return text is null ? [] : RegistryJson.Read(LocalFile, text).Environments;
    }

    /// <summary>The warning of a build that goes on with the last known values.</summary>
    internal UshadowDiagnostic OfflineWarning(string cause) => UshadowDiagnostic.Warning(DiagnosticCodes.RegistryServerOffline,
        $"The registry's Redis server {Server} did not answer within {Timeout.TotalSeconds:0} s ({cause}): using this machine's last known claims ({LocalFile}), nothing is claimed or freed. " +
        $"To use this machine's own registry file instead, build with {VariableNames.Registry}=file.", LocalFile);

    /// <summary>The error of an environment that holds no known claim while the server is away.</summary>
    internal UshadowException OfflineError(EnvironmentId id, string root, string cause) => new(DiagnosticCodes.RegistryServerUnavailable,
        $"The registry's Redis server {Server} did not answer within {Timeout.TotalSeconds:0} s ({cause}), and environment '{id.Name}' of app '{id.App}' at {root} holds no claim known on this machine, so it cannot get a Redis database. " +
        $"Reach or start the server, or build with {VariableNames.Registry}=file to use this machine's own registry file.", LocalFile);

    internal void WriteCache(IEnumerable<RegisteredEnvironment> environments)
    {
        var mine = environments.Where(e => e.Host == Host).ToList();
        try
        {
            Directory.CreateDirectory(StateDirectory);
            // Owner-only, like environments.json: entries remember values written to .env files.
            AtomicFile.WriteIfChanged(LocalFile, RegistryJson.Empty().Write(mine), newFileMode: AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{LocalFile}: cannot write the registry's local cache ({e.Message})", LocalFile, e);
        }
    }

    /// <summary>
    /// Connects, and on a Redis Cluster moves the registry to database 0 under <see cref="ClusterKeyPrefix"/>; a URL that
    /// names another database of a cluster is USH1050.
    /// </summary>
    internal ConnectionMultiplexer Connect()
    {
        var connection = _address.Connect(Timeout);
        try
        {
            if (connection.GetEndPoints().Select(e => connection.GetServer(e)).Any(s => s.IsConnected && s.ServerType == ServerType.Cluster))
            {
                if (_databaseNamed && Database != 0)
                {
                    throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting,
                        $"The registry's Redis server {Server} is a Redis Cluster, which offers only database 0, but {VariableNames.Registry} names database {Database.ToString(CultureInfo.InvariantCulture)}: leave /db out (or name /0).");
                }
                IsCluster = true;
                Database = 0;
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command, turning a server that stopped answering into <see cref="RegistryUnavailableException"/>.</summary>
    internal T Guard<T>(Func<T> command)
    {
        try
        {
            return command();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new RegistryUnavailableException(Server, $"command: {e.GetType().Name}");
        }
    }

    internal Dictionary<string, (RegisteredEnvironment Environment, JsonObject Json)> ReadEntries(IDatabase database)
    {
        var entries = new Dictionary<string, (RegisteredEnvironment, JsonObject)>(StringComparer.Ordinal);
        foreach (var field in Guard(() => database.HashGetAll(Prefix + "environments")))
        {
            var key = field.Name.ToString();
            var (environment, json) = RegistryJson.ReadEntryText($"{Location}, key {Prefix}environments", key, field.Value.ToString());
            entries[environment.Id.ToString()] = (environment, json);
        }
        return entries;
    }

    internal void Commit(IDatabase database, string token, IReadOnlyCollection<string> removed, IReadOnlyCollection<(string Id, string Json)> puts)
    {
        var keys = new List<RedisKey> { Prefix + "lock", Prefix + "environments" };
        keys.AddRange(ClaimFields.Select(f => (RedisKey)(Prefix + "claims:" + f)));
        var values = new List<RedisValue> { token, ClaimFields.Length };
        values.AddRange(ClaimFields.Select(f => (RedisValue)f));
        values.Add(removed.Count);
        values.AddRange(removed.Select(id => (RedisValue)id));
        values.Add(puts.Count);
        foreach (var (id, json) in puts)
        {
            values.Add(id);
            values.Add(json);
        }
        try
        {
            Guard(() => database.ScriptEvaluate(CommitScript, keys.ToArray(), values.ToArray()));
        }
        catch (RedisServerException e) when (e.Message.Contains("USHADOW", StringComparison.Ordinal))
        {
            throw new RegistryConflictException($"{Location}: {e.Message[(e.Message.IndexOf("USHADOW", StringComparison.Ordinal) + 8)..]}");
        }
    }

    internal void Release(IDatabase database, string token)
    {
        try
        {
            database.ScriptEvaluate(ReleaseScript, [Prefix + "lock"], [token]);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The lease expires by itself.
        }
    }

    private static bool IsUnavailable(Exception e) => RedisServerAddress.IsUnavailable(e);
}
