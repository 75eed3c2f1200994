using Ushadow.Core.Registry;

namespace Ushadow.Core.Lifecycle;

/// <summary>One row of <c>env list</c>.</summary>
/// <param name="Entry">The registered environment.</param>
/// <param name="Host">The machine that registered it (this one for the per-user file).</param>
/// <param name="RootExists">Whether its root folder exists; <c>null</c> for another machine's entry, whose folder cannot be looked at from here.</param>
/// <param name="Current">Whether its root holds the folder the command runs in.</param>
internal sealed record ListedEnvironment(RegisteredEnvironment Entry, string Host, bool? RootExists, bool Current)
{
    /// <summary>
    /// Every registered environment in registry order, each with its machine, whether its folder exists, and which one is
    /// the environment of <paramref name="workingDirectory"/> (only this machine's can be).
    /// </summary>
    public static IReadOnlyList<ListedEnvironment> Of(IReadOnlyList<RegisteredEnvironment> entries, string host, string workingDirectory)
    {
        var current = EnvironmentLifecycle.Current(entries.Where(e => e.BelongsTo(host)), workingDirectory);
        return entries
            .Select(e => new ListedEnvironment(e, e.Host ?? host, e.BelongsTo(host) ? Directory.Exists(e.Root) : null, ReferenceEquals(e, current)))
            .ToList();
    }
}
