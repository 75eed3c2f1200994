using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator;

/// <summary>The MSBuild properties the generator reads (made compiler visible by <c>build/Ushadow.Build.Generator.props</c>).</summary>
internal static class UshadowProperties
{
    public const string Enabled = "UshadowEnabled";
    public const string ResolvedValues = ResolvedValueCatalogue.MSBuildProperty;
    public const string SettingsNamespace = "UshadowSettingsNamespace";
    public const string SettingsPublic = "UshadowSettingsPublic";
    public const string RootNamespace = "RootNamespace";
}
