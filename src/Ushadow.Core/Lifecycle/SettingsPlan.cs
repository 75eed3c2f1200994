using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// What a launcher settings change does, worked out before it is written: whether it changes the file at all, which
/// registered environments it moves to another MongoDB database, and whose <c>secrets.yaml</c> it brings in line.
/// </summary>
/// <param name="Key">The setting.</param>
/// <param name="Environment">The environment whose override changes, or <c>null</c> for the global value.</param>
/// <param name="Shown">The new value as it may be shown (<c>***</c> for a password), or <c>null</c> for an unset.</param>
/// <param name="Changed">Whether the file's content changes.</param>
/// <param name="After">The settings as a build reads them after the change.</param>
/// <param name="Databases">The environments whose MongoDB database moves, for a key that chooses one (and a change).</param>
/// <param name="Admin">The environments' admin secrets that differ, for an admin key (and a change).</param>
internal sealed record SettingsPlan(
    string Key, string? Environment, string? Shown, bool Changed, LauncherSettings After, DatabaseChangePlan? Databases, AdminCredentialSync? Admin)
{
    /// <summary>The environments whose Redis isolation switches, for <c>redis_isolation</c> (and a change).</summary>
    public RedisIsolationChangePlan? RedisIsolations { get; init; }

    /// <summary>The <c>secrets.yaml</c> values the package wrote from the previous setting: brought in line when the change applies.</summary>
    public IReadOnlyList<AdminSecretDifference> ToUpdate => Admin?.ToUpdate.ToList() ?? [];

    /// <summary>Whether the change reaches other environments, and so needs a yes.</summary>
    public bool NeedsConfirmation => (Databases?.AffectsAny ?? false) || ToUpdate.Count > 0 || (RedisIsolations?.AffectsAny ?? false);

    /// <summary>The mode the changed scope has afterwards (the per-mode feedback line of <c>database_mode</c>).</summary>
    public DatabaseMode ModeAfter =>
        DatabaseModes.TryParse((Environment is null ? null : After.ForEnvironment(Environment, Key)) ?? After.Global(Key), out var mode) ? mode : DatabaseMode.Shared;

    /// <summary>USH2004's message: what the unconfirmed change would have done, each environment named.</summary>
    public string NotConfirmedMessage
    {
        get
        {
            var parts = new List<string>();
            if (Databases?.AffectsAny ?? false)
            {
                parts.Add("it moves registered environments to another MongoDB database: " + string.Join("; ",
                    Databases.Changes.Select(c => $"{c.Environment.Name} ({c.Environment.AppName}) from '{c.FromDatabase}' to '{c.ToDatabase ?? "its own shared database"}'")));
            }
            if (RedisIsolations?.AffectsAny ?? false)
            {
                parts.Add("it switches the Redis isolation of registered environments: " + string.Join("; ",
                    RedisIsolations.Changes.Select(c => $"{c.Environment.Name} ({c.Environment.AppName}) from {c.From.ToText()} to {c.To.ToText()}")));
            }
            if (ToUpdate.Count > 0)
            {
                parts.Add("it rewrites admin values in the secrets.yaml of " + string.Join(", ",
                    ToUpdate.GroupBy(d => d.Environment.Name).Select(g => $"{g.Key} ({string.Join(", ", g.Select(d => "admin." + d.Field))})")));
            }
            return $"Nothing changed: {string.Join("; and ", parts)}. To apply it, answer y on a terminal or add --yes.";
        }
    }
}
