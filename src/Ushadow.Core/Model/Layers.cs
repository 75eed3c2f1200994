namespace Ushadow.Core.Model;

/// <summary>The camelCase names of <see cref="SettingLayer"/> used in JSON (<c>ushadow explain --json</c>, the registry).</summary>
internal static class Layers
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
