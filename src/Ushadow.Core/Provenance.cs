namespace Ushadow.Core;

/// <summary>The layers a setting can come from, highest precedence first (SPEC §3.1).</summary>
public enum SettingLayer
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

/// <summary>Where a resolved value came from: the layer and the file, variable or property.</summary>
/// <param name="Layer">The precedence layer.</param>
/// <param name="Origin">The variable, property or file (with key) that supplied the value, or how it was inferred.</param>
public sealed record Provenance(SettingLayer Layer, string Origin)
{
    /// <inheritdoc/>
    public override string ToString() => Layer switch
    {
        SettingLayer.EnvFileEdit => $"hand edit in {Origin}",
        SettingLayer.EnvironmentVariable => $"environment variable {Origin}",
        SettingLayer.MSBuildProperty => $"MSBuild property {Origin}",
        SettingLayer.LauncherEnvironment or SettingLayer.LauncherGlobal => $"launcher settings {Origin}",
        SettingLayer.Registry => $"registry {Origin}",
        SettingLayer.Inferred => $"inferred: {Origin}",
        _ => "default",
    };
}

/// <summary>A resolved value with its provenance.</summary>
public sealed record Resolved<T>(T Value, Provenance From)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Value} ({From})";
}
