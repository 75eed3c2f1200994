using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Schema;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// One row of <c>ushadow db status</c> (README, Schema changes in shared mode): a MongoDB database, its mode, its
/// recorded schema version, who migrated it and when, a migration in progress, and the environments that use it with
/// the version each declared at its last build.
/// </summary>
/// <param name="Database">The MongoDB database.</param>
/// <param name="Mode">Its mode: shared when its environments share it.</param>
/// <param name="Record">Its schema record (<see cref="SchemaRecord.None"/> when none was recorded).</param>
/// <param name="Migration">A migration that was started and has not ended, and whether its process still holds it.</param>
/// <param name="Environments">The registered environments that use it, by name.</param>
internal sealed record DatabaseStatus(
    string Database, DatabaseMode Mode, SchemaRecord Record, DatabaseStatus.InProgress? Migration, IReadOnlyList<RegisteredEnvironment> Environments)
{
    /// <summary>A migration under way: who runs it, and whether it is still running (its lock or lease is held) or was interrupted.</summary>
    internal sealed record InProgress(SchemaMigration Migration, bool Running);

    /// <summary>
    /// Every database of <paramref name="store"/>: those its environments use and those with a record, ordered by name.
    /// Reads only: no lock is taken and nothing is created.
    /// </summary>
    public static IReadOnlyList<DatabaseStatus> Of(IEnvironmentRegistryStore store, IReadOnlyList<RegisteredEnvironment> entries)
    {
        IReadOnlyDictionary<string, SchemaRecord> records;
        Func<string, bool> running;
        switch (store)
        {
            case RedisRegistryStore team:
                var (teamRecords, leased) = SchemaRegistry.ReadTeam(team);
                records = teamRecords;
                running = leased.Contains;
                break;
            case FileRegistryStore file:
                records = SchemaRegistry.ReadFile(file.Location);
                running = database => MigrationLockHeld(file.StateDirectory, database);
                break;
            default:
                records = SchemaRegistry.Read(store);
                running = _ => false;
                break;
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            names.Add(entry.MongoDatabase);
        }
        foreach (var name in records.Keys)
        {
            names.Add(name);
        }
        var rows = new List<DatabaseStatus>();
        foreach (var name in names)
        {
            var users = entries.Where(e => e.MongoDatabase == name).OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.AppName, StringComparer.Ordinal).ToList();
            var record = records.TryGetValue(name, out var found) ? found : SchemaRecord.None(name);
            var mode = users.Count > 0 && users.All(e => e.Mode == DatabaseMode.Isolated) ? DatabaseMode.Isolated : DatabaseMode.Shared;
            var migration = record.InProgress is { } started ? new InProgress(started, running(name)) : null;
            rows.Add(new DatabaseStatus(name, mode, record, migration, users));
        }
        return rows;
    }

    /// <summary>
    /// Whether a process holds the file registry's migration lock of <paramref name="database"/> (the one Ushadow.Hosting
    /// holds for a whole migration). Opened without creating it, and released at once.
    /// </summary>
    private static bool MigrationLockHeld(string stateDirectory, string database)
    {
        var path = SchemaRecordJson.MigrationLockPath(stateDirectory, database);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
