using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// <c>ushadow settings set|unset</c>: one change of the launcher settings, held under the settings lock from reading to
/// writing (so a concurrent change cannot be lost), planned before it is written (<see cref="SettingsPlan"/>: which
/// environments move database, whose admin secrets follow), and applied only when the caller has its yes.
/// </summary>
internal sealed class SettingsChange : IDisposable
{
    private readonly FileLock _lock;
    private readonly LauncherSettingsDocument _document;
    private readonly LauncherSettings _before;

    private SettingsChange(FileLock held, LauncherSettingsDocument document)
    {
        _lock = held;
        _document = document;
        _before = document.ToSettings();
    }

    /// <summary>The settings file.</summary>
    public string FilePath => _document.FilePath;

    /// <summary>The environment an <c>--env</c> names, folded and checked; only the per-environment keys take one.</summary>
    /// <exception cref="UsageException">A global key with <c>--env</c>.</exception>
    /// <exception cref="UshadowException">USH1002 for a bad name.</exception>
    public static string? EnvironmentOf(string? raw, string key)
    {
        if (raw is null)
        {
            return null;
        }
        if (!LauncherSettingKeys.PerEnvironment.Contains(key))
        {
            throw new UsageException($"'{key}' is a global setting; --env applies to {string.Join(" and ", LauncherSettingKeys.PerEnvironment)} only.");
        }
        return Naming.EnvironmentName(raw, new Provenance(SettingLayer.LauncherEnvironment, "--env"));
    }

    /// <summary>
    /// Refuses, before any lock or folder is made, a value the build would refuse and a settings file it cannot read:
    /// a refused command creates nothing.
    /// </summary>
    public static void Check(string path, string key, string? value, string? environment)
    {
        if (value is not null)
        {
            LauncherSettingKeys.Validate(key, value, Origin(path, key, environment));
        }
        LauncherSettingsDocument.Load(path);
    }

    /// <summary>Takes the settings lock (USH1037 after <paramref name="timeout"/>) and reads the file.</summary>
    public static SettingsChange Open(string path, TimeSpan timeout)
    {
        var held = LauncherSettingsDocument.Lock(path, timeout);
        try
        {
            return new SettingsChange(held, LauncherSettingsDocument.Load(path));
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Sets <paramref name="key"/>, checked with the build's rules, and plans what that does to <paramref name="registry"/>'s environments.</summary>
    /// <param name="key">One of <see cref="LauncherSettingKeys.Settable"/>.</param>
    /// <param name="value">The value.</param>
    /// <param name="environment">The environment whose override to set, or <c>null</c>.</param>
    /// <param name="registry">This machine's registered environments, read only when the file changes.</param>
    public SettingsPlan Set(string key, string value, string? environment, Func<IReadOnlyList<RegisteredEnvironment>> registry)
    {
        var stored = LauncherSettingKeys.Validate(key, value, Origin(FilePath, key, environment));
        _document.Set(key, stored, environment);
        return Plan(key, environment, LauncherSettingKeys.IsSecret(key) ? "***" : stored, registry);
    }

    /// <summary>Removes <paramref name="key"/> (an override falls back to the global value) and plans what that does.</summary>
    public SettingsPlan Unset(string key, string? environment, Func<IReadOnlyList<RegisteredEnvironment>> registry)
    {
        _document.Unset(key, environment);
        return Plan(key, environment, null, registry);
    }

    /// <summary>
    /// Writes the settings, then brings the package-written admin values of <see cref="SettingsPlan.ToUpdate"/> in line.
    /// Returns the <c>secrets.yaml</c> files that could not be (each a coded problem); the settings are written either way.
    /// </summary>
    public IReadOnlyList<UshadowDiagnostic> Apply(SettingsPlan plan)
    {
        _document.Save();
        return plan.ToUpdate.Count > 0 ? plan.Admin!.Apply() : [];
    }

    /// <summary>Releases the settings lock; an unapplied change is dropped.</summary>
    public void Dispose() => _lock.Dispose();

    private SettingsPlan Plan(string key, string? environment, string? shown, Func<IReadOnlyList<RegisteredEnvironment>> registry)
    {
        var after = _document.ToSettings();
        if (!_document.Changed)
        {
            return new SettingsPlan(key, environment, shown, false, after, null, null);
        }
        var entries = registry();
        return new SettingsPlan(key, environment, shown, true, after,
            LauncherSettingKeys.ChoosesDatabase(key) ? DatabaseChangePlan.For(entries, _before, after) : null,
            LauncherSettingKeys.Admin.Contains(key) ? AdminCredentialSync.Plan(entries, _before, after) : null)
        {
            RedisIsolations = key == LauncherSettingKeys.RedisIsolation ? RedisIsolationChangePlan.For(entries, _before, after) : null,
        };
    }

    private static Provenance Origin(string path, string key, string? environment) => environment is null
        ? new Provenance(SettingLayer.LauncherGlobal, $"{path} {key}")
        : new Provenance(SettingLayer.LauncherEnvironment, $"{path} environments.{environment}.{key}");
}
