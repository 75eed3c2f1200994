using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ushadow.Core.Model;
using Ushadow.Core.Redis;

namespace Ushadow.Core.Registry;

/// <summary>An open <see cref="RedisRegistryStore"/>: holds its lease until disposed.</summary>
internal sealed class RedisRegistrySession : IEnvironmentRegistrySession
{
    private readonly RedisRegistryStore _store;
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly string _token;
    private readonly SortedDictionary<string, (RegisteredEnvironment Environment, JsonObject? Json)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _put = new(StringComparer.Ordinal);
    private bool _disposed;

    public RedisRegistrySession(RedisRegistryStore store, ConnectionMultiplexer connection, IDatabase database, string token,
        Dictionary<string, (RegisteredEnvironment Environment, JsonObject Json)> entries)
    {
        _store = store;
        _connection = connection;
        _database = database;
        _token = token;
        foreach (var (key, entry) in entries)
        {
            _entries[key] = entry;
        }
    }

    public IReadOnlyList<RegisteredEnvironment> Environments
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _entries.Values.Select(e => e.Environment).ToList();
        }
    }

    public RegisteredEnvironment? Find(EnvironmentId id) =>
        _entries.TryGetValue(id.ToString(), out var entry) ? entry.Environment : null;

    public void Put(RegisteredEnvironment environment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(environment);
        if (!Path.IsPathFullyQualified(environment.Root))
        {
            throw new ArgumentException($"The root '{environment.Root}' must be a full path.", nameof(environment));
        }
        var owner = environment.HoldsRedisDatabase
            ? _entries.Values.Select(e => e.Environment).FirstOrDefault(e => e.HoldsRedisDatabase && e.RedisDatabase == environment.RedisDatabase)
            : null;
        if (owner is not null && owner.Id != environment.Id)
        {
            throw new ArgumentException($"Redis database {environment.RedisDatabase} is held by '{owner.Id}'; it cannot also be given to '{environment.Id}'.", nameof(environment));
        }
        var entry = environment with { Root = RegistryPaths.Normalize(environment.Root), Host = environment.Host ?? _store.Host };
        var key = entry.Id.ToString();
        _entries.TryGetValue(key, out var registered);
        if (registered.Environment is not null && registered.Environment.SameButForTime(entry))
        {
            return;
        }
        _entries[key] = (entry, registered.Json);
        _put.Add(key);
        _removed.Remove(key);
    }

    /// <summary>Makes an environment's ACL user on every primary of the registry's server (<see cref="RedisAclUser.TryMake"/>).</summary>
    public bool TryMakeAclUser(string user, string password, string prefix)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _store.Guard(() => RedisAclUser.TryMake(_connection, user, password, prefix));
    }

    public void Remove(EnvironmentId id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = id.ToString();
        if (_entries.Remove(key))
        {
            _removed.Add(key);
            _put.Remove(key);
        }
    }

    public bool Save()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var changed = _put.Count > 0 || _removed.Count > 0;
        if (changed)
        {
            var puts = _put.Select(key => (key, RegistryJson.WriteEntry(_entries[key].Environment, _entries[key].Json).ToJsonString())).ToList();
            _store.Commit(_database, _token, _removed, puts);
            // The original setup script's marker, so the original tools (and doctor) see whose database it is.
            foreach (var key in _put.Where(key => _entries[key].Environment.HoldsRedisDatabase))
            {
                var environment = _entries[key].Environment;
                _store.Guard(() => _connection.GetDatabase(environment.RedisDatabase).StringSet(RedisMarker.Key, environment.Name));
            }
            _put.Clear();
            _removed.Clear();
        }
        _store.WriteCache(Environments);
        return changed;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _store.Release(_database, _token);
        _connection.Dispose();
    }
}
