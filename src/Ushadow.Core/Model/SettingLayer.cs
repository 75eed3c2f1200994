namespace Ushadow.Core.Model;

/// <summary>
/// The layers a setting can come from, highest precedence first (docs/decisions.md, Precedence and provenance).
/// </summary>
internal enum SettingLayer
{
    /// <summary>A value the user typed into <c>.env</c> over the one the package wrote.</summary>
    EnvFileEdit,
    /// <summary>A process environment variable, e.g. <c>DATABASE_MODE</c> exported by the launcher.</summary>
    EnvironmentVariable,
    /// <summary>An MSBuild property from the project, Directory.Build.props or <c>-p:</c>.</summary>
    MSBuildProperty,
    /// <summary>The environment's entry under <c>environments</c> in the launcher settings.</summary>
    LauncherEnvironment,
    /// <summary>A top-level key of the launcher settings.</summary>
    LauncherGlobal,
    /// <summary>The registry of environments (Redis numbers).</summary>
    Registry,
    /// <summary>Worked out from other values (worktree folder, mode and names).</summary>
    Inferred,
    /// <summary>The built-in default.</summary>
    Default,
}
