namespace Ushadow.Core.Shared.Runtime;

/// <summary>A migration that a process started: who runs it, towards which version, since when.</summary>
/// <param name="Environment">The environment whose app runs it.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process on that machine.</param>
/// <param name="TargetVersion">The version it migrates to.</param>
/// <param name="StartedAt">When it started.</param>
internal sealed record SchemaMigration(string Environment, string Host, int ProcessId, long TargetVersion, DateTimeOffset StartedAt);
