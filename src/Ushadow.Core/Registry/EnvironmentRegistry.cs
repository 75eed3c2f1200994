using System.Diagnostics;
using System.Globalization;

namespace Ushadow.Core.Registry;

/// <summary>
/// The per-user registry of environments, <c>&lt;state dir&gt;/environments.json</c>: who holds which Redis
/// database. Many builds of different environments run at once, so an open registry holds a cross-process
/// lock (<c>environments.json.lock</c>) until it is disposed; readers and writers both take it.
/// Not thread-safe: use one instance per thread.
/// </summary>
public sealed class EnvironmentRegistry : IDisposable
{
    private const string FileName = "environments.json";

    private readonly SortedDictionary<string, RegisteredEnvironment> _environments;
    private FileStream? _lock;
    private bool _changed;

    private EnvironmentRegistry(string filePath, FileStream heldLock, IEnumerable<RegisteredEnvironment> environments)
    {
        FilePath = filePath;
        _lock = heldLock;
        _environments = new SortedDictionary<string, RegisteredEnvironment>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            _environments.Add(environment.Name, environment);
        }
    }

    /// <summary>How long <see cref="Open"/> waits for another build by default: 30 seconds.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The full path of <c>environments.json</c>.</summary>
    public string FilePath { get; }

    /// <summary>Every registered environment, ordered by name.</summary>
    public IReadOnlyList<RegisteredEnvironment> Environments
    {
        get
        {
            ThrowIfDisposed();
            return _environments.Values.ToList();
        }
    }

    /// <summary>
    /// Creates <paramref name="stateDirectory"/> if needed, takes the registry lock (waiting at most
    /// <paramref name="lockTimeout"/>) and reads <c>environments.json</c>; a missing file is an empty registry.
    /// </summary>
    /// <exception cref="UshadowException">
    /// <c>USH1011</c> when the lock is not free in time, <c>USH1005</c> when the file cannot be read,
    /// <c>USH1007</c> when the folder or lock file cannot be created.
    /// </exception>
    public static EnvironmentRegistry Open(string stateDirectory, TimeSpan lockTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        if (lockTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "The lock timeout must not be negative.");
        }

        var directory = Path.GetFullPath(stateDirectory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{directory}: cannot create the state folder ({e.Message})", directory, e);
        }

        var filePath = Path.Combine(directory, FileName);
        var heldLock = AcquireLock(filePath + ".lock", lockTimeout);
        try
        {
            string? text;
            try
            {
                text = AtomicFile.ReadAllTextOrNull(filePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{filePath}: cannot be read ({e.Message}); fix its permissions or delete it (it was left as it is)", filePath, e);
            }
            var environments = text is null ? [] : RegistryJson.Read(filePath, text);
            return new EnvironmentRegistry(filePath, heldLock, environments);
        }
        catch
        {
            heldLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the registry as it is now, without taking the lock and without creating anything (no folder, no
    /// lock file): for looking, as <c>ushadow explain</c>, <c>env list</c> and design-time builds do. The file is
    /// only ever replaced by an atomic rename, so the snapshot is consistent. A missing file is an empty registry.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1005</c> when the file cannot be read or parsed.</exception>
    public static IReadOnlyList<RegisteredEnvironment> ReadSnapshot(string stateDirectory)
    {
        var filePath = Path.Combine(Path.GetFullPath(stateDirectory), FileName);
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(filePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{filePath}: cannot be read ({e.Message}); fix its permissions", filePath, e);
        }
        return text is null ? [] : RegistryJson.Read(filePath, text);
    }

    /// <summary>The environment registered under <paramref name="name"/>, if any.</summary>
    public RegisteredEnvironment? Find(string name)
    {
        ThrowIfDisposed();
        return _environments.GetValueOrDefault(name);
    }

    /// <summary>
    /// The environment registered with root folder <paramref name="root"/>, if any. Full paths are compared,
    /// ignoring a trailing separator (and case on Windows and macOS).
    /// </summary>
    public RegisteredEnvironment? FindByRoot(string root)
    {
        ThrowIfDisposed();
        return _environments.Values.FirstOrDefault(e => SameRoot(e.Root, root));
    }

    /// <summary>The environment holding Redis database <paramref name="redisDatabase"/>, if any.</summary>
    public RegisteredEnvironment? OwnerOf(int redisDatabase)
    {
        ThrowIfDisposed();
        return _environments.Values.FirstOrDefault(e => e.RedisDatabase == redisDatabase);
    }

    /// <summary>
    /// Chooses the Redis database for environment <paramref name="name"/> at <paramref name="root"/> (SPEC §3.4).
    /// Mutates nothing: the caller removes <see cref="RedisAllocation.Reclaimed"/> entries, then puts the
    /// environment with the number and saves.
    /// </summary>
    /// <param name="name">The environment name.</param>
    /// <param name="root">The environment's root folder.</param>
    /// <param name="portOffset"><c>PORT_OFFSET</c> when set: the preferred number is <c>(offset / 10) % count</c>.</param>
    /// <param name="databaseCount">How many Redis databases there are (<c>UshadowRedisDatabaseCount</c>).</param>
    /// <param name="rootExists">Tells whether a registered root folder still exists; <see cref="Directory.Exists"/> by default.</param>
    /// <exception cref="UshadowException">
    /// <c>USH1009</c> when the name is registered from another root folder that still exists;
    /// <c>USH1008</c> when every number is held by an environment whose root folder exists.
    /// </exception>
    public RedisAllocation AllocateRedisDatabase(string name, string root, int? portOffset, int databaseCount, Func<string, bool>? rootExists = null)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(databaseCount);
        if (portOffset is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(portOffset), portOffset, "PORT_OFFSET must not be negative.");
        }
        rootExists ??= Directory.Exists;

        if (_environments.TryGetValue(name, out var registered))
        {
            if (!SameRoot(registered.Root, root) && rootExists(registered.Root))
            {
                throw new UshadowException(
                    DiagnosticCodes.EnvironmentNameClaimedTwice,
                    $"Environment '{name}' is registered from {registered.Root}, which still exists, and is now claimed from {root}; " +
                    $"both would share Redis database {registered.RedisDatabase} (and, in isolated mode, MongoDB database '{registered.MongoDatabase}'). " +
                    "Give one of them another environment name, or delete the folder that is no longer used.",
                    FilePath);
            }
            // Sticky: the same environment (or its moved root) keeps its number, unless the count shrank below it.
            if (registered.RedisDatabase < databaseCount)
            {
                return new RedisAllocation(registered.RedisDatabase, []);
            }
        }

        var preferred = portOffset is { } offset
            ? offset / 10 % databaseCount
            : (int)(Fnv1a.Hash(name) % (uint)databaseCount);
        var holders = _environments.Values
            .Where(e => e.Name != name && e.RedisDatabase < databaseCount)
            .OrderBy(e => e.RedisDatabase)
            .ToList();
        var taken = holders.Select(e => e.RedisDatabase).ToHashSet();

        if (!taken.Contains(preferred))
        {
            return new RedisAllocation(preferred, []);
        }
        for (var number = 0; number < databaseCount; number++)
        {
            if (!taken.Contains(number))
            {
                return new RedisAllocation(number, []);
            }
        }

        // Every number is taken: free those held by environments whose folder is gone.
        var reclaimed = holders.Where(e => !rootExists(e.Root)).ToList();
        if (reclaimed.Count == 0)
        {
            var list = string.Join(", ", holders.Select(e => $"{e.RedisDatabase}={e.Name} ({e.Root})"));
            throw new UshadowException(
                DiagnosticCodes.RedisDatabasesExhausted,
                $"Environment '{name}' needs a Redis database, but all {databaseCount} are held by environments whose folders exist: {list}. " +
                "Free one by deleting an environment's worktree (its number is then reclaimed), " +
                "or raise UshadowRedisDatabaseCount together with the Redis server's `databases` setting.",
                FilePath);
        }
        var chosen = reclaimed.Any(e => e.RedisDatabase == preferred) ? preferred : reclaimed[0].RedisDatabase;
        return new RedisAllocation(chosen, reclaimed);
    }

    /// <summary>
    /// Adds <paramref name="environment"/>, or replaces the entry with the same name. The root is stored
    /// as a full path without a trailing separator. An entry equal to the registered one in everything but
    /// <see cref="RegisteredEnvironment.UpdatedAt"/> changes nothing: <c>updated_at</c> is the last real change.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The root is not a full path, the number is negative, or another environment holds the number
    /// (remove reclaimed entries first; a hand-edited number owned by another is the caller's <c>USH1010</c>).
    /// </exception>
    public void Put(RegisteredEnvironment environment)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(environment.Name))
        {
            throw new ArgumentException("The environment name must not be empty.", nameof(environment));
        }
        if (!Path.IsPathFullyQualified(environment.Root))
        {
            throw new ArgumentException($"The root '{environment.Root}' must be a full path.", nameof(environment));
        }
        if (environment.RedisDatabase < 0)
        {
            throw new ArgumentException($"The Redis database {environment.RedisDatabase} must not be negative.", nameof(environment));
        }
        var owner = OwnerOf(environment.RedisDatabase);
        if (owner is not null && owner.Name != environment.Name)
        {
            throw new ArgumentException(
                $"Redis database {environment.RedisDatabase} is held by '{owner.Name}'; it cannot also be given to '{environment.Name}'.",
                nameof(environment));
        }

        // Copy the values so a caller's later change to its dictionary cannot change the registry.
        var values = new SortedDictionary<string, string>(
            environment.EnvFileValues.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
        var entry = environment with { Root = NormalizeRoot(environment.Root), EnvFileValues = values };
        if (_environments.TryGetValue(entry.Name, out var registered) && SameButForTime(registered, entry))
        {
            return;
        }
        _environments[entry.Name] = entry;
        _changed = true;
    }

    private static bool SameButForTime(RegisteredEnvironment a, RegisteredEnvironment b) =>
        a.Root == b.Root && a.RedisDatabase == b.RedisDatabase && a.Mode == b.Mode && a.MongoDatabase == b.MongoDatabase
        && a.EnvFileValues.Count == b.EnvFileValues.Count
        && a.EnvFileValues.All(pair => b.EnvFileValues.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>Removes the environment named <paramref name="name"/>; nothing happens when it is not registered.</summary>
    public void Remove(string name)
    {
        ThrowIfDisposed();
        _changed |= _environments.Remove(name);
    }

    /// <summary>
    /// Writes <c>environments.json</c> atomically (temp file, then rename) when its content changed.
    /// Returns whether the file was written.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1007</c> when the file cannot be written.</exception>
    public bool Save()
    {
        ThrowIfDisposed();
        if (!_changed)
        {
            return false; // nothing was put or removed: skip serialising a large registry on every build
        }
        try
        {
            // Owner-only: entries remember values written to .env files, which are owner-only too.
            return AtomicFile.WriteIfChanged(FilePath, RegistryJson.Write(_environments.Values), newFileMode: AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{FilePath}: cannot write the environment registry ({e.Message})", FilePath, e);
        }
    }

    /// <summary>Releases the registry lock. Unsaved changes are dropped.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    private static FileStream AcquireLock(string lockPath, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix (per open file description, so it also excludes
                // other streams in this process) and a sharing lock on Windows. The OS drops it when the process
                // dies, so a crashed build never leaves a stale lock. The file itself is never deleted:
                // deleting it would let two builds lock two different files.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UshadowException(DiagnosticCodes.CannotWrite, $"{lockPath}: cannot open the registry lock file ({e.Message})", lockPath, e);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                    throw new UshadowException(
                        DiagnosticCodes.RegistryLockTimeout,
                        $"Timed out after {seconds}s waiting for {lockPath}; another build holds it. " +
                        "Retry when that build ends (the lock is released when its process exits).",
                        lockPath,
                        e);
                }
                // Short, jittered sleeps so waiting builds do not retry in lockstep.
                var sleep = TimeSpan.FromMilliseconds(Random.Shared.Next(5, 30));
                Thread.Sleep(sleep < left ? sleep : left);
            }
            catch (IOException e)
            {
                throw new UshadowException(DiagnosticCodes.CannotWrite, $"{lockPath}: cannot open the registry lock file ({e.Message})", lockPath, e);
            }
        }
    }

    private static string NormalizeRoot(string root) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    private static bool SameRoot(string a, string b)
    {
        // Windows and (by default) macOS file systems ignore case; Linux does not.
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(NormalizeRoot(a), NormalizeRoot(b), comparison);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_lock is null, this);
}
