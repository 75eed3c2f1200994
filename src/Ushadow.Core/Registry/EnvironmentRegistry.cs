using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>
/// The per-user registry of environments, <c>&lt;state dir&gt;/environments.json</c>: who holds which Redis
/// database. Many builds of different environments run at once, so an open registry holds a cross-process
/// lock (<c>environments.json.lock</c>) until it is disposed. Readers that only look use
/// <see cref="ReadSnapshot"/>, which takes no lock and creates nothing.
/// Not thread-safe: use one instance per thread.
/// </summary>
internal sealed class EnvironmentRegistry : IEnvironmentRegistrySession
{
    /// <summary>The registry's file name in the state directory.</summary>
    public const string FileName = "environments.json";

    private readonly RegistryJson _file;
    // A SortedList, not a SortedDictionary: its tree of key-value structs is JIT compiled in every build's fresh process.
    private readonly SortedList<string, RegisteredEnvironment> _environments = new(StringComparer.Ordinal);
    private FileLock? _lock;
    private bool _changed;

    private EnvironmentRegistry(string filePath, FileLock heldLock, RegistryJson file)
    {
        FilePath = filePath;
        _lock = heldLock;
        _file = file;
        foreach (var environment in file.Environments)
        {
            _environments.Add(environment.Id.ToString(), environment);
        }
    }

    /// <summary>How long <see cref="Open"/> waits for another build by default: 30 seconds.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The full path of <c>environments.json</c>.</summary>
    public string FilePath { get; }

    /// <summary>Every registered environment, ordered by <c>app/name</c>.</summary>
    public IReadOnlyList<RegisteredEnvironment> Environments
    {
        get
        {
            ThrowIfDisposed();
            return _environments.Values.ToList();
        }
    }

    /// <summary>The registry file of <paramref name="stateDirectory"/>.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(Path.GetFullPath(stateDirectory), FileName);

    /// <summary>
    /// Reads the registry as it is now, without taking the lock and without creating anything (no folder, no
    /// lock file): for looking, as planning, <c>ushadow explain</c> and <c>env list</c> do. The file is only ever
    /// replaced by an atomic rename, so the snapshot is consistent. A missing file is an empty registry.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1005</c> when the file cannot be read or parsed, <c>USH1020</c> when its format is newer.</exception>
    public static IReadOnlyList<RegisteredEnvironment> ReadSnapshot(string stateDirectory) =>
        ReadFile(PathIn(stateDirectory)).Environments;

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
            AtomicFile.CreatePrivateDirectory(directory); // 0700: it holds the shared secret keys
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{directory}: cannot create the state folder ({e.Message})", directory, e);
        }

        var filePath = Path.Combine(directory, FileName);
        var heldLock = FileLock.Acquire(filePath + ".lock", lockTimeout, DiagnosticCodes.RegistryLockTimeout, "another build");
        try
        {
            // A build killed mid-write leaves its temp file; every build that takes the lock sweeps them away.
            AtomicFile.RemoveStaleTemporaryFiles(filePath);
            return new EnvironmentRegistry(filePath, heldLock, ReadFile(filePath));
        }
        catch
        {
            heldLock.Dispose();
            throw;
        }
    }

    /// <summary>The environment registered as <paramref name="id"/>, if any.</summary>
    public RegisteredEnvironment? Find(EnvironmentId id)
    {
        ThrowIfDisposed();
        return _environments.GetValueOrDefault(id.ToString());
    }

    /// <summary>
    /// The environment registered with root folder <paramref name="root"/>, if any. Full paths are compared,
    /// ignoring a trailing separator (and case on Windows and macOS).
    /// </summary>
    public RegisteredEnvironment? FindByRoot(string root)
    {
        ThrowIfDisposed();
        return _environments.Values.FirstOrDefault(e => RegistryPaths.SameRoot(e.Root, root));
    }

    /// <summary>The environment holding Redis database <paramref name="redisDatabase"/>, if any.</summary>
    public RegisteredEnvironment? OwnerOf(int redisDatabase)
    {
        ThrowIfDisposed();
        return _environments.Values.FirstOrDefault(e => e.HoldsRedisDatabase && e.RedisDatabase == redisDatabase);
    }

    /// <summary>
    /// Chooses the Redis database of <paramref name="id"/> at <paramref name="root"/> with
    /// <see cref="RedisAllocationPolicy.Allocate"/>. Mutates nothing: the caller removes
    /// <see cref="RedisAllocation.Reclaimed"/> entries, then puts the environment with the number and saves.
    /// </summary>
    public RedisAllocation AllocateRedisDatabase(EnvironmentId id, string root, int? portOffset, int databaseCount, Func<string, bool>? rootExists = null)
    {
        ThrowIfDisposed();
        return RedisAllocationPolicy.Allocate(_environments.Values, id, root, portOffset, databaseCount, FilePath, rootExists);
    }

    /// <summary>
    /// Adds <paramref name="environment"/>, or replaces the entry with the same app and name. The root is stored
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
        if (string.IsNullOrWhiteSpace(environment.Name) || string.IsNullOrWhiteSpace(environment.AppName))
        {
            throw new ArgumentException("The environment and app names must not be empty.", nameof(environment));
        }
        if (!Path.IsPathFullyQualified(environment.Root))
        {
            throw new ArgumentException($"The root '{environment.Root}' must be a full path.", nameof(environment));
        }
        if (environment.RedisDatabase < 0)
        {
            throw new ArgumentException($"The Redis database {environment.RedisDatabase} must not be negative.", nameof(environment));
        }
        var owner = environment.HoldsRedisDatabase ? OwnerOf(environment.RedisDatabase) : null;
        if (owner is not null && owner.Id != environment.Id)
        {
            throw new ArgumentException(
                $"Redis database {environment.RedisDatabase} is held by '{owner.Id}'; it cannot also be given to '{environment.Id}'.",
                nameof(environment));
        }

        var entry = environment with { Root = RegistryPaths.Normalize(environment.Root) };
        var key = entry.Id.ToString();
        if (_environments.TryGetValue(key, out var registered) && registered.SameButForTime(entry))
        {
            return;
        }
        // Copy the maps so a caller's later change to its dictionary cannot change the registry.
        entry = entry with
        {
            EnvFileValues = new SortedDictionary<string, string>(environment.EnvFileValues.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
            Sources = new SortedDictionary<string, SettingLayer>(environment.Sources.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        };
        _environments[key] = entry;
        _changed = true;
    }

    /// <summary>Removes the environment <paramref name="id"/>; nothing happens when it is not registered.</summary>
    public void Remove(EnvironmentId id)
    {
        ThrowIfDisposed();
        _changed |= _environments.Remove(id.ToString());
    }

    /// <summary>
    /// Writes <c>environments.json</c> atomically (temp file, then rename) when its content changed, keeping
    /// whatever a newer package version stored in it. Returns whether the file was written.
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
            return AtomicFile.WriteIfChanged(FilePath, _file.Write(_environments.Values), newFileMode: AtomicFile.OwnerOnly);
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

    private static RegistryJson ReadFile(string filePath)
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(filePath);
        }
        catch (UnreadableFileException e)
        {
            throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"Registry {filePath}: {e.Reason} (the JSON registry of environments). It was left as it is: fix or delete it.", filePath, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.InvalidRegistry, $"{filePath}: cannot be read ({e.Message}); fix its permissions or delete it (it was left as it is)", filePath, e);
        }
        return text is null ? RegistryJson.Empty() : RegistryJson.Read(filePath, text);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_lock is null, this);
}
