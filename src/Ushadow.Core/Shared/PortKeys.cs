namespace Ushadow.Core.Shared;

/// <summary>
/// The names of <c>UshadowPorts</c> (README, Ports), the only values whose names a project chooses. One rule for the
/// build, the generator and an Aspire AppHost: this file is compiled into Ushadow.Core, the generator and the runtime
/// packages.
/// </summary>
internal static class PortKeys
{
    /// <summary>Whether <paramref name="key"/> names a port: an upper-case name ending in <c>_PORT</c>, such as <c>BACKEND_PORT</c>.</summary>
    public static bool IsPortKey(string key) =>
        key.Length > "_PORT".Length && key[0] >= 'A' && key[0] <= 'Z' && key.EndsWith("_PORT", System.StringComparison.Ordinal);
}
