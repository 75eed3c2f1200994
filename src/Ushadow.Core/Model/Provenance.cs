namespace Ushadow.Core.Model;

/// <summary>Where a resolved value came from: the layer and the file, variable or property.</summary>
/// <param name="Layer">The precedence layer.</param>
/// <param name="Origin">The variable, property or file (with key) that supplied the value, or how it was inferred.</param>
internal sealed record Provenance(SettingLayer Layer, string Origin)
{
    /// <summary>A value the registry gave this environment before and keeps for it (a Redis number, a port block).</summary>
    public static Provenance Kept(string registry) => new(SettingLayer.Registry, $"{registry} (kept)");

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
