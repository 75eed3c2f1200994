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

/// <summary>The camelCase names of <see cref="SettingLayer"/> used in JSON (<c>ushadow explain --json</c>, the registry).</summary>
public static class Layers
{
    /// <summary><c>EnvFileEdit</c> becomes <c>envFileEdit</c>, <c>MSBuildProperty</c> becomes <c>msBuildProperty</c>.</summary>
    /// <remarks>
    /// Spelled out rather than derived from the member name through a JSON naming policy: with the parse below,
    /// that cost every build's fresh process about 6 ms. <c>LayersTests</c> checks each name against
    /// System.Text.Json's camelCase.
    /// </remarks>
    public static string ToText(SettingLayer layer) => layer switch
    {
        SettingLayer.EnvFileEdit => "envFileEdit",
        SettingLayer.EnvironmentVariable => "environmentVariable",
        SettingLayer.MSBuildProperty => "msBuildProperty",
        SettingLayer.LauncherEnvironment => "launcherEnvironment",
        SettingLayer.LauncherGlobal => "launcherGlobal",
        SettingLayer.Registry => "registry",
        SettingLayer.Inferred => "inferred",
        SettingLayer.Default => "default",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "not a setting layer"),
    };

    /// <summary>Parses a name written by <see cref="ToText"/>.</summary>
    public static bool TryParse(string text, out SettingLayer layer)
    {
        // The layers run from EnvFileEdit to Default (LayersTests reads each one back): a loop over them, not
        // Enum.GetValues, whose reflection (or JIT compiled generic code) cost every build's fresh process a millisecond.
        for (var candidate = SettingLayer.EnvFileEdit; candidate <= SettingLayer.Default; candidate++)
        {
            if (ToText(candidate) == text)
            {
                layer = candidate;
                return true;
            }
        }
        layer = default;
        return false;
    }
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

/// <summary>What one layer offered for a setting: the value and where it came from.</summary>
/// <param name="Value">The value as that layer holds it (not yet validated).</param>
/// <param name="From">The layer and the file, variable or property.</param>
public sealed record Candidate(string Value, Provenance From);

/// <summary>A resolved value with its provenance.</summary>
public sealed record Resolved<T>(T Value, Provenance From)
{
    /// <summary>Every layer that offered a value, highest first; the winner is among them.</summary>
    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"{Value} ({From})";
}
