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

        if (FindRegistry() is not { } registry)
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
            ?? throw WaitTimedOut(registry, database);

        var host = HostName();
        var started = await registry.UpdateAsync(database,
            record => record.Version >= declared ? null : record with { InProgress = new SchemaMigration(_settings.EnvironmentName, host, Environment.ProcessId, declared, DateTimeOffset.UtcNow) },
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
        await registry.UpdateAsync(database,
            record => new SchemaRecord(database, declared, _settings.EnvironmentName, host, DateTimeOffset.UtcNow, null),
            _options.WaitTimeout, CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("Ushadow: migrated MongoDB database '{Database}' from schema version {From} to {To} (environment '{Environment}' on host '{Host}').",
            database, started.Version, declared, _settings.EnvironmentName, host);
    }

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
    /// The registry the build used: the file in <c>USHADOW_STATE_DIR</c>, else in the state folder the build recorded.
    /// <c>null</c> (with one log line) when there is none, as in a deployed binary.
    /// </summary>
    private SchemaRegistryFile? FindRegistry()
    {
        var setting = _variable(VariableNames.Registry)?.Trim();
        if (setting is { Length: > 0 } && !string.Equals(setting, "file", StringComparison.OrdinalIgnoreCase))
        {
            // Never quote the setting: a Redis URL may hold a password.
            throw new UshadowSchemaException(DiagnosticCodes.InvalidRegistrySetting,
                $"{VariableNames.Registry} names a team registry, whose schema records this version of Ushadow.Hosting cannot keep yet; set {VariableNames.Registry}=file to coordinate through this machine's registry.");
        }
        var directory = _variable(VariableNames.StateDirectory) is { Length: > 0 } variable ? variable : _settings.BuildTime.SchemaStateDirectory;
        if (directory is null || !File.Exists(Path.Combine(directory, SchemaRegistryFile.FileName)))
        {
            _logger.LogInformation("Ushadow: no environment registry{Where}, so MigrateAsync skips schema version {Version} of MongoDB database '{Database}' (a deployed build migrates through its own deployment).",
                directory is null ? "" : " at " + Path.Combine(directory, SchemaRegistryFile.FileName), DeclaredVersion, _settings.MongoDatabaseName);
            return null;
        }
        return new SchemaRegistryFile(directory);
    }

    private UshadowSchemaException WaitTimedOut(SchemaRegistryFile registry, string database)
    {
        var running = registry.Read(database).InProgress;
        return new UshadowSchemaException(DiagnosticCodes.SchemaMigrationWaitTimedOut,
            $"waited {_options.WaitTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s for the migration of MongoDB database '{database}'" +
            (running is null ? "" : $" by environment '{running.Environment}' on host '{running.Host}' (process {running.ProcessId}, to version {Text(running.TargetVersion)}, since {SchemaRecordJson.FormatTime(running.StartedAt)})") +
            "; it has not ended. Start again when it has, or raise UshadowSchemaOptions.WaitTimeout.");
    }

    /// <summary>This machine in the record: <c>USHADOW_HOST</c>, else the host name (as the build names it).</summary>
    private string HostName() => _variable(VariableNames.Host)?.Trim() is { Length: > 0 } named ? named : Environment.MachineName;

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
