using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// Which registered environments a launcher settings change moves to another MongoDB database: computed before the
/// change is written, so the tool can announce it (README, The ushadow tool). A pure function of the registry entries
/// and the settings before and after; it resolves the launcher layers in the build's order.
/// </summary>
/// <param name="Changes">The environments whose MongoDB database changes, by name.</param>
/// <param name="Unaffected">Environments the change would move if a higher layer did not settle their value.</param>
internal sealed record DatabaseChangePlan(IReadOnlyList<DatabaseChange> Changes, IReadOnlyList<SettledAboveLauncher> Unaffected)
{
    /// <summary>The layers above the launcher settings: a value from one of them ignores the launcher.</summary>
    private static readonly SettingLayer[] AboveLauncher = [SettingLayer.EnvFileEdit, SettingLayer.EnvironmentVariable, SettingLayer.MSBuildProperty];

    /// <summary>Whether any environment changes database.</summary>
    public bool AffectsAny => Changes.Count > 0;

    /// <summary>
    /// Compares, for each entry, the database the launcher settings <paramref name="before"/> and
    /// <paramref name="after"/> give it. Per-environment <c>environments.&lt;env&gt;</c> values win over global ones,
    /// over the defaults (<c>shared</c>, and the app name as the shared database). An entry whose
    /// <see cref="RegisteredEnvironment.Sources"/> name a layer above the launcher for the mode or the shared name
    /// keeps its value; empty sources mean the launcher decides.
    /// </summary>
    public static DatabaseChangePlan For(IEnumerable<RegisteredEnvironment> entries, LauncherSettings before, LauncherSettings after)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<DatabaseChange>();
        var unaffected = new List<SettledAboveLauncher>();
        foreach (var entry in entries.OrderBy(e => e.AppName, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            var launcherOnlyBefore = Resolve(entry, before, honourHigherLayers: false);
            var launcherOnlyAfter = Resolve(entry, after, honourHigherLayers: false);
            if (launcherOnlyBefore == launcherOnlyAfter)
            {
                continue; // this change does not concern the environment at all
            }
            var target = Resolve(entry, after, honourHigherLayers: true);
            if (Resolve(entry, before, honourHigherLayers: true) == target)
            {
                var (key, layer) = HigherLayer(entry)!.Value;
                unaffected.Add(new SettledAboveLauncher(entry, key, layer));
                continue;
            }
            // 'From' is what the last build wrote; an environment already on the target database does not move.
            if (target.Database != entry.MongoDatabase)
            {
                changes.Add(new DatabaseChange(entry, entry.Mode, entry.MongoDatabase, target.Mode, target.Database));
            }
        }
        return new DatabaseChangePlan(changes, unaffected);
    }

    /// <summary>The mode and database an entry gets from <paramref name="launcher"/>; a null database is one set by a layer the registry does not record.</summary>
    private static (DatabaseMode Mode, string? Database) Resolve(RegisteredEnvironment entry, LauncherSettings launcher, bool honourHigherLayers)
    {
        if (honourHigherLayers && IsAbove(entry, ResolvedValueCatalogue.MongoDatabase))
        {
            return (entry.Mode, entry.MongoDatabase); // a hand edit of MONGODB_DATABASE in .env stays whatever the mode
        }
        var mode = honourHigherLayers && IsAbove(entry, ResolvedValueCatalogue.DatabaseMode)
            ? entry.Mode
            : ParseMode(launcher.ForEnvironment(entry.Name, LauncherSettingKeys.DatabaseMode))
                ?? ParseMode(launcher.Global(LauncherSettingKeys.DatabaseMode))
                ?? DatabaseMode.Shared;
        if (mode == DatabaseMode.Isolated)
        {
            return (mode, Naming.IsolatedDatabase(entry.AppName, entry.Name));
        }
        if (honourHigherLayers && IsAbove(entry, ResolvedValueCatalogue.SharedDatabaseName))
        {
            // Only a shared-mode entry tells the shared name its higher layer gave it.
            return (mode, entry.Mode == DatabaseMode.Shared ? entry.MongoDatabase : null);
        }
        var shared = launcher.ForEnvironment(entry.Name, LauncherSettingKeys.SharedDatabaseName)
            ?? launcher.Global(LauncherSettingKeys.SharedDatabaseName)
            ?? entry.AppName; // the build's default: the app name
        return (mode, shared);
    }

    private static DatabaseMode? ParseMode(string? text) => DatabaseModes.TryParse(text, out var mode) ? mode : null;

    private static bool IsAbove(RegisteredEnvironment entry, string key) =>
        entry.Sources.TryGetValue(key, out var layer) && AboveLauncher.Contains(layer);

    private static (string Key, SettingLayer Layer)? HigherLayer(RegisteredEnvironment entry)
    {
        foreach (var key in new[] { ResolvedValueCatalogue.MongoDatabase, ResolvedValueCatalogue.DatabaseMode, ResolvedValueCatalogue.SharedDatabaseName })
        {
            if (IsAbove(entry, key))
            {
                return (key, entry.Sources[key]);
            }
        }
        return null;
    }
}
