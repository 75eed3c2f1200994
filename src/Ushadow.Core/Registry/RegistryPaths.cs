using Ushadow.Core.Inputs;
using Ushadow.Core.IO;

namespace Ushadow.Core.Registry;

/// <summary>How the registry compares and stores root folders.</summary>
internal static class RegistryPaths
{
    public static string Normalize(string root) => EnvironmentRoot.Normalize(root);

    public static bool SameRoot(string a, string b)
    {
        // Normalized first: drive letters and either separator spelled one way; then case as the platform compares it.
        return string.Equals(Normalize(a), Normalize(b), PlatformFiles.PathComparison);
    }
}
