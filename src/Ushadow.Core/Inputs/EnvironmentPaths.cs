using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;

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
}
