using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator;

/// <summary>One build-time value of the catalogue, checked against its kind.</summary>
/// <param name="Key">The catalogue key (<c>REDIS_DATABASE</c>) or port key (<c>BACKEND_PORT</c>).</param>
/// <param name="GeneratedName">The constant of <c>UshadowSettings.BuildTime</c>.</param>
/// <param name="Kind">Its type in generated code.</param>
/// <param name="Text">The value, normalised (<c>7</c>, <c>Isolated</c>).</param>
/// <param name="Source">Where the build found it (<c>inferred: linked git worktree folder 'gold'</c>), for an AppHost's dashboard; empty when not handed over.</param>
internal sealed record BuildTimeValue(string Key, string GeneratedName, ResolvedValueKind Kind, string Text, string Source);
