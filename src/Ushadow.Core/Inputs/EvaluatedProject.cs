namespace Ushadow.Core.Inputs;

/// <summary>What a resolution needs from a project evaluated by MSBuild (the tool's <c>explain</c> and <c>env create</c>).</summary>
/// <param name="Directory">The project's folder (the build's <c>$(MSBuildProjectDirectory)</c>).</param>
/// <param name="Properties">The Ushadow properties as evaluated.</param>
/// <param name="Enabled">The evaluated <c>UshadowEnabled</c>.</param>
internal sealed record EvaluatedProject(string Directory, BuildProperties Properties, string Enabled)
{
    /// <summary>Whether the project turns Ushadow off (<c>UshadowEnabled=false</c>): a build then resolves nothing.</summary>
    public bool Disabled => string.Equals(Enabled, "false", StringComparison.OrdinalIgnoreCase);
}
