using Ushadow.Core.Diagnostics;
using Ushadow.Core.Launcher;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Inputs;

/// <summary>The files behind one environment.</summary>
/// <param name="Root">The environment root (holds <c>.env</c> and <c>config/</c>).</param>
/// <param name="EnvFile">The <c>.env</c> file.</param>
/// <param name="SecretsFile">The <c>secrets.yaml</c> file.</param>
/// <param name="LauncherSettingsFile">The launcher settings JSON (may not exist).</param>
/// <param name="StateDirectory">Where the registry and shared secrets live.</param>
internal sealed record EnvironmentPaths(string Root, string EnvFile, string SecretsFile, string LauncherSettingsFile, string StateDirectory)
{
    /// <summary>The registry file in <see cref="StateDirectory"/>.</summary>
    public string RegistryFile => EnvironmentRegistry.PathIn(StateDirectory);

    /// <summary>Works out the files of an environment from properties, variables and defaults.</summary>
    /// <exception cref="UshadowException">USH1007 when the root or the state folder is a file.</exception>
    public static EnvironmentPaths For(ProvisionRequest request)
    {
        var properties = request.Properties;
        string Full(string path) => Path.GetFullPath(path, request.ProjectDirectory);

        var root = EnvironmentRoot.Normalize(Full(NonEmpty(properties.EnvironmentRoot) ?? EnvironmentRoot.Find(request.ProjectDirectory)));
        var envFile = Full(NonEmpty(properties.EnvFile) ?? Path.Combine(root, ".env"));
        var secretsFile = Full(NonEmpty(properties.SecretsFile) ?? Path.Combine(root, "config", "SECRETS", "secrets.yaml"));
        var launcherFile = LauncherSettingsFileFor(request.Variable, properties.LauncherSettingsFile, request.ProjectDirectory);
        var stateDirectory = StateDirectoryFor(request.Variable, properties.StateDirectory, launcherFile, request.ProjectDirectory);
        RequireFolder(root, NonEmpty(properties.EnvironmentRoot) is null ? "the environment root" : BuildProperties.NameOf(nameof(BuildProperties.EnvironmentRoot)));
        RequireFolder(stateDirectory, request.Variable(VariableNames.StateDirectory) is not null ? VariableNames.StateDirectory
            : NonEmpty(properties.StateDirectory) is not null ? BuildProperties.NameOf(nameof(BuildProperties.StateDirectory)) : "the launcher settings file's folder");
        return new EnvironmentPaths(root, envFile, secretsFile, launcherFile, stateDirectory);
    }

    /// <summary>
    /// The launcher settings file, as a build and the tool find it: <c>USHADOW_LAUNCHER_SETTINGS</c> &gt;
    /// <c>UshadowLauncherSettingsFile</c> &gt; <c>$XDG_CONFIG_HOME/ushadow-launcher/settings.json</c> &gt; <c>~/.config/...</c>.
    /// </summary>
    /// <param name="variable">A variable's value, <c>null</c> when unset or empty.</param>
    /// <param name="property">The property's value, if any.</param>
    /// <param name="baseDirectory">What a relative path is relative to.</param>
    public static string LauncherSettingsFileFor(Func<string, string?> variable, string? property, string baseDirectory) =>
        Path.GetFullPath(variable(VariableNames.LauncherSettings) ?? NonEmpty(property) ?? LauncherSettings.DefaultPath(variable), baseDirectory);

    /// <summary>The state folder, as a build and the tool find it: <c>USHADOW_STATE_DIR</c> &gt; <c>UshadowStateDirectory</c> &gt; the launcher settings file's folder.</summary>
    public static string StateDirectoryFor(Func<string, string?> variable, string? property, string launcherSettingsFile, string baseDirectory) =>
        Path.GetFullPath(variable(VariableNames.StateDirectory) ?? NonEmpty(property) ?? Path.GetDirectoryName(launcherSettingsFile)!, baseDirectory);

    /// <summary>A folder the package reads from and writes into may be missing (it is created), but not a file (USH1007).</summary>
    private static void RequireFolder(string path, string from)
    {
        if (File.Exists(path))
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite,
                $"'{path}' (from {from}) is a file: it must be a folder, or missing so that it is created.", path);
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
