using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Hosting;

/// <summary>
/// Runs the app's MongoDB migration at most once per database and version, across the processes of every environment
/// that shares the database (README, Schema changes in shared mode). <c>AddUshadow()</c> registers it.
/// </summary>
/// <remarks>
/// The registry that holds the environments records each database's schema version. With the file registry, a
/// migration holds <c>&lt;state dir&gt;/schemas/&lt;database&gt;.lock</c> for its whole run, and reads and writes the record
/// under the registry's own lock; the operating system drops both when a process dies, so a killed migrator leaves the
/// record at its old version and the next caller migrates (docs/decisions.md, Schema migrations).
/// </remarks>
public sealed class UshadowSchema
{
    private readonly UshadowRuntimeSettings _settings;
    private readonly UshadowSchemaOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string, string?> _variable;

    /// <summary>Creates the service for the environment <paramref name="settings"/> describes.</summary>
    /// <param name="settings">The environment's settings: its declared schema version, database, name and mode.</param>
    /// <param name="options">How to treat older code and how long to wait; defaults when <c>null</c>.</param>
    /// <param name="logger">Where the one-line notes go; none when <c>null</c>.</param>
    public UshadowSchema(UshadowRuntimeSettings settings, UshadowSchemaOptions? options = null, ILogger<UshadowSchema>? logger = null)
        : this(settings, options, logger, Environment.GetEnvironmentVariable)
    {
    }

    internal UshadowSchema(UshadowRuntimeSettings settings, UshadowSchemaOptions? options, ILogger? logger, Func<string, string?> variable)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _options = options ?? new UshadowSchemaOptions();
        _logger = logger ?? NullLogger.Instance;
        _variable = variable;
    }

    /// <summary>The schema version the code declares (<c>UshadowSettings.SchemaVersion</c>), <c>null</c> when it declares none.</summary>
    public long? DeclaredVersion => _settings.BuildTime.SchemaVersion;

    /// <summary>
    /// Brings this environment's MongoDB database to <see cref="DeclaredVersion"/>: when the registry records an older
    /// version, runs <paramref name="migrate"/> once across every process (others wait, bounded by
    /// <see cref="UshadowSchemaOptions.WaitTimeout"/>) and records the new version when it succeeds. Does nothing when the
    /// database is at the version; never migrates backwards.
    /// </summary>
    /// <param name="migrate">The app's migration; it receives the version the database is recorded at (0 when none).</param>
    /// <param name="cancellationToken">Stops waiting; it is passed on to <paramref name="migrate"/>.</param>
    /// <exception cref="UshadowSchemaException">USH1061: the code is older than the database (unless <see cref="UshadowSchemaOptions.AllowOlderCode"/>); USH1062: the wait timed out.</exception>
    /// <exception cref="InvalidOperationException">The project declares no <c>UshadowSchemaVersion</c>.</exception>
    public async Task MigrateAsync(Func<long, CancellationToken, Task> migrate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrate);
        var declared = DeclaredVersion
            ?? throw new InvalidOperationException("MigrateAsync needs the schema version the code expects: set the MSBuild property UshadowSchemaVersion (README, Schema changes in shared mode) and build again.");
        var database = _settings.MongoDatabaseName;

        if (TeamRegistry() is { } team)
        {
            await MigrateWithTeamAsync(team.Url, team.Database, declared, database, migrate, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (FileRegistry() is not { } registry)
        {
            return;
        }

        // Most starts find the database at their version: one read, no lock.
        if (Settled(registry.Read(database), declared))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(registry.MigrationLockPath(database))!);
        using var migration = await ExclusiveFile.AcquireAsync(registry.MigrationLockPath(database), _options.WaitTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw WaitTimedOut(registry.Read(database));

        var host = HostName();
        var started = await registry.UpdateAsync(database,
            record => record.Version >= declared ? null : record with { InProgress = Running(host, declared) },
            _options.WaitTimeout, cancellationToken).ConfigureAwait(false);
        if (Settled(started, declared))
        {
            return; // another process migrated while this one waited
        }

        try
        {
            await migrate(started.Version, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The version stays; only the note of this run goes. CancellationToken.None: the note must go even when cancelled.
            await registry.UpdateAsync(database, record => record with { InProgress = null }, _options.WaitTimeout, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await registry.UpdateAsync(database, _ => Migrated(database, declared, host), _options.WaitTimeout, CancellationToken.None).ConfigureAwait(false);
        LogMigrated(database, started.Version, declared, host);
    }

    /// <summary>
    /// The same over a team registry: the lease takes the file lock's place. Waiting callers retry the lease until it is
    /// free (a dead holder's lease expires after <see cref="UshadowSchemaOptions.LeaseTime"/>) or the database is migrated.
    /// </summary>
    private async Task MigrateWithTeamAsync(RedisUrl url, int registryDatabase, long declared, string database, Func<long, CancellationToken, Task> migrate, CancellationToken cancellationToken)
    {
        using var lease = await TeamSchemaLease.ConnectAsync(url, registryDatabase, database, cancellationToken).ConfigureAwait(false);
        if (Settled(await lease.ReadAsync(cancellationToken).ConfigureAwait(false), declared))
        {
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await lease.TryAcquireAsync(_options.LeaseTime, cancellationToken).ConfigureAwait(false))
        {
            var now = await lease.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (Settled(now, declared))
            {
                return; // migrated by the holder while this one waited
            }
            if (clock.Elapsed >= _options.WaitTimeout)
            {
                throw WaitTimedOut(now);
            }
            await Task.Delay(Random.Shared.Next(100, 250), cancellationToken).ConfigureAwait(false);
        }

        var host = HostName();
        var started = await lease.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (Settled(started, declared))
        {
            await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }
        await lease.RecordAsync(started with { InProgress = Running(host, declared) }, release: false, cancellationToken).ConfigureAwait(false);

        // Renewed three times per lease time while the delegate runs; a lost lease stops the delegate.
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        var renewal = RenewAsync(lease, lost, stopRenewing.Token);
        try
        {
            await migrate(started.Version, lost.Token).ConfigureAwait(false);
        }
        catch
        {
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            await lease.RecordAsync(started with { InProgress = null }, release: true, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await stopRenewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
        if (!await lease.RecordAsync(Migrated(database, declared, host), release: true, CancellationToken.None).ConfigureAwait(false))
        {
            throw new UshadowSchemaException(DiagnosticCodes.SchemaLeaseLost,
                $"the migration of MongoDB database '{database}' to schema version {Text(declared)} ran, but its lease on the team registry was lost before it could be recorded (the server was out of reach for longer than {_options.LeaseTime.TotalSeconds:0} s, or it restarted). " +
                "The record was left as it was, so another start may run the delegate again: make it safe to repeat, then start again.");
        }
        LogMigrated(database, started.Version, declared, host);
    }

    private async Task RenewAsync(TeamSchemaLease lease, CancellationTokenSource lost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.LeaseTime / 3, stop).ConfigureAwait(false);
                bool renewed;
                try
                {
                    renewed = await lease.RenewAsync(_options.LeaseTime, stop).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    continue; // one missed renewal is survivable: two more are due before the lease expires
                }
                if (!renewed)
                {
                    _logger.LogWarning("Ushadow: {Code}: the lease on the migration of MongoDB database '{Database}' was lost; stopping the migration.", DiagnosticCodes.SchemaLeaseLost, _settings.MongoDatabaseName);
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The delegate ended.
        }
    }

    private SchemaMigration Running(string host, long declared) =>
        new(_settings.EnvironmentName, host, Environment.ProcessId, declared, DateTimeOffset.UtcNow);

    private SchemaRecord Migrated(string database, long declared, string host) =>
        new(database, declared, _settings.EnvironmentName, host, DateTimeOffset.UtcNow, null);

    private void LogMigrated(string database, long from, long to, string host) =>
        _logger.LogInformation("Ushadow: migrated MongoDB database '{Database}' from schema version {From} to {To} (environment '{Environment}' on host '{Host}').",
            database, from, to, _settings.EnvironmentName, host);

    /// <summary>
    /// Whether there is nothing to run: the database is at <paramref name="declared"/>, or ahead of it (then USH1061,
    /// or its warning when the app opted in).
    /// </summary>
    private bool Settled(SchemaRecord record, long declared)
    {
        if (record.Version < declared)
        {
            return false;
        }
        if (record.Version > declared)
        {
            var message = $"this code declares schema version {Text(declared)} (UshadowSchemaVersion), but MongoDB database '{record.Database}' is recorded at {Text(record.Version)}, " +
                $"migrated by environment '{record.Environment}' on host '{record.Host}'{(record.MigratedAt is { } at ? " at " + SchemaRecordJson.FormatTime(at) : "")}. " +
                "It is not migrated backwards: update this environment's code, or give it its own database (DATABASE_MODE=isolated).";
            if (!_options.AllowOlderCode)
            {
                throw new UshadowSchemaException(DiagnosticCodes.SchemaWouldGoBackwards, message);
            }
            _logger.LogWarning("Ushadow: {Code}: {Message}", DiagnosticCodes.SchemaWouldGoBackwards, message);
        }
        return true;
    }

    /// <summary>
    /// The team registry <c>USHADOW_REGISTRY</c> names (a <c>redis://</c> or <c>rediss://</c> URL), in the database the
    /// URL names, else the last of the default 16 (as a build with the default <c>UshadowRedisDatabaseCount</c> uses);
    /// <c>null</c> for <c>file</c> or nothing.
    /// </summary>
    private (RedisUrl Url, int Database)? TeamRegistry()
    {
        var setting = _variable(VariableNames.Registry)?.Trim();
        if (setting is not { Length: > 0 } || string.Equals(setting, "file", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        // Never quote the setting: a Redis URL may hold a password.
        var url = RedisUrl.TryParse(setting, out var problem)
            ?? throw new UshadowSchemaException(DiagnosticCodes.InvalidRegistrySetting, $"{VariableNames.Registry} is not file or a Redis URL ({problem}): use {RedisUrl.Form}.");
        return (url, url.Database ?? DefaultRegistryDatabase);
    }

    /// <summary>The team registry's database when its URL names none: the last of Redis' default 16.</summary>
    private const int DefaultRegistryDatabase = 15;

    /// <summary>
    /// The file registry the build used: in <c>USHADOW_STATE_DIR</c>, else in the state folder the build recorded.
    /// <c>null</c> (with one log line) when there is none, as in a deployed binary.
    /// </summary>
    private SchemaRegistryFile? FileRegistry()
    {
        var directory = _variable(VariableNames.StateDirectory) is { Length: > 0 } variable ? variable : _settings.BuildTime.SchemaStateDirectory;
        if (directory is null || !File.Exists(Path.Combine(directory, SchemaRegistryFile.FileName)))
        {
            _logger.LogInformation("Ushadow: no environment registry{Where}, so MigrateAsync skips schema version {Version} of MongoDB database '{Database}' (a deployed build migrates through its own deployment).",
                directory is null ? "" : " at " + Path.Combine(directory, SchemaRegistryFile.FileName), DeclaredVersion, _settings.MongoDatabaseName);
            return null;
        }
        return new SchemaRegistryFile(directory);
    }

    private UshadowSchemaException WaitTimedOut(SchemaRecord record)
    {
        var (database, running) = (record.Database, record.InProgress);
        return new UshadowSchemaException(DiagnosticCodes.SchemaMigrationWaitTimedOut,
            $"waited {_options.WaitTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s for the migration of MongoDB database '{database}'" +
            (running is null ? "" : $" by environment '{running.Environment}' on host '{running.Host}' (process {running.ProcessId}, to version {Text(running.TargetVersion)}, since {SchemaRecordJson.FormatTime(running.StartedAt)})") +
            "; it has not ended. Start again when it has, or raise UshadowSchemaOptions.WaitTimeout.");
    }

    /// <summary>This machine in the record: <c>USHADOW_HOST</c>, else the host name (as the build names it).</summary>
    private string HostName() => _variable(VariableNames.Host)?.Trim() is { Length: > 0 } named ? named : Environment.MachineName;

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
