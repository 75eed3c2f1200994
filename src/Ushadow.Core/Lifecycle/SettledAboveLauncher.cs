using Ushadow.Core.Model;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Lifecycle;

/// <summary>An environment the change does not reach, because a layer above the launcher settles its value.</summary>
/// <param name="Environment">The registry entry.</param>
/// <param name="Key">The value settled there (<c>DATABASE_MODE</c>, <c>SHARED_DATABASE_NAME</c> or <c>MONGODB_DATABASE</c>).</param>
/// <param name="Layer">The layer that settles it.</param>
internal sealed record SettledAboveLauncher(RegisteredEnvironment Environment, string Key, SettingLayer Layer);
