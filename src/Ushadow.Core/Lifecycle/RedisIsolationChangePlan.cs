using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// Which registered environments a launcher settings change of <c>redis_isolation</c> switches between a database
/// number and a key prefix: computed before the change is written, so the tool can announce it, as it does for the
/// database mode (<see cref="DatabaseChangePlan"/>).
/// </summary>
/// <param name="Changes">The environments whose isolation switches.</param>
/// <param name="Unaffected">Environments the change would switch if a higher layer did not settle their isolation.</param>
internal sealed record RedisIsolationChangePlan(IReadOnlyList<RedisIsolationChange> Changes, IReadOnlyList<SettledAboveLauncher> Unaffected)
{
    private static readonly SettingLayer[] AboveLauncher = [SettingLayer.EnvFileEdit, SettingLayer.EnvironmentVariable, SettingLayer.MSBuildProperty];

    /// <summary>Whether any environment switches.</summary>
    public bool AffectsAny => Changes.Count > 0;

    /// <summary>
    /// Compares, for each entry, the isolation the launcher settings <paramref name="before"/> and <paramref name="after"/>
    /// give it (per environment over global over the default, <c>database</c>). An entry whose last build took its
    /// isolation from a layer above the launcher keeps it.
    /// </summary>
    public static RedisIsolationChangePlan For(IEnumerable<RegisteredEnvironment> entries, LauncherSettings before, LauncherSettings after)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<RedisIsolationChange>();
        var unaffected = new List<SettledAboveLauncher>();
        foreach (var entry in entries.OrderBy(e => e.AppName, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            var was = FromLauncher(entry, before);
            var becomes = FromLauncher(entry, after);
            if (was == becomes)
            {
                continue;
            }
            if (entry.Sources.TryGetValue(ResolvedValueCatalogue.RedisIsolation, out var layer) && AboveLauncher.Contains(layer))
            {
                unaffected.Add(new SettledAboveLauncher(entry, ResolvedValueCatalogue.RedisIsolation, layer));
                continue;
            }
            if (becomes != entry.RedisIsolation)
            {
                changes.Add(new RedisIsolationChange(entry, entry.RedisIsolation, becomes));
            }
        }
        return new RedisIsolationChangePlan(changes, unaffected);
    }

    private static RedisIsolation FromLauncher(RegisteredEnvironment entry, LauncherSettings launcher) =>
        Parse(launcher.ForEnvironment(entry.Name, LauncherSettingKeys.RedisIsolation))
        ?? Parse(launcher.Global(LauncherSettingKeys.RedisIsolation))
        ?? RedisIsolation.Database;

    private static RedisIsolation? Parse(string? text) => RedisIsolations.TryParse(text, out var isolation) ? isolation : null;
}
