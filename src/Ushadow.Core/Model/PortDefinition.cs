namespace Ushadow.Core.Model;

/// <summary>One port key of <c>UshadowPorts</c>: its <c>.env</c> key and the base the port offset is added to.</summary>
/// <param name="Key">The <c>.env</c> key, such as <c>BACKEND_PORT</c>.</param>
/// <param name="Base">The port at offset 0, such as 8000.</param>
internal sealed record PortDefinition(string Key, int Base);
