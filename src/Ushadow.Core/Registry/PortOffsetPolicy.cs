using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>
/// Who gets which port block (README, Ports), as a pure function of the registered environments, like
/// <see cref="RedisAllocationPolicy"/>: a multiple of 10 in [0, 500), unique among registered environments and
/// stable once given. The original launcher hashed the name into a block and let names collide; here the hash
/// is only the preference.
/// </summary>
internal static class PortOffsetPolicy
{
    /// <summary>The size of one environment's block of ports.</summary>
    public const int BlockSize = 10;

    /// <summary>Allocated offsets stay below this: 50 blocks.</summary>
    public const int Limit = 500;

    /// <summary>
    /// The block an environment prefers: 0 for the app-named environment (the main checkout keeps the base
    /// ports), else the original launcher's <c>(sum of the name's bytes % 50) * 10</c>, so a worktree it created keeps its ports.
    /// </summary>
    public static int Preferred(EnvironmentId id) =>
        id.Name == id.App ? 0 : Encoding.UTF8.GetBytes(id.Name).Sum(b => b) % (Limit / BlockSize) * BlockSize;

    /// <summary>
    /// Chooses the port offset of <paramref name="id"/>: the registered offset when no other environment holds it;
    /// otherwise the preferred block, else the lowest free one, skipping blocks held by another registered
    /// environment and blocks whose ports <paramref name="blockInUse"/> says something is listening on now.
    /// </summary>
    /// <param name="registered">Every registered environment, of every app (they share one machine's ports).</param>
    /// <param name="id">The environment's app and name.</param>
    /// <param name="blockInUse">Whether a port of the block at this offset is in use right now (asked only when allocating).</param>
    /// <param name="registryFile">The registry, named in errors.</param>
    /// <exception cref="UshadowException"><c>USH1019</c> when no block is free.</exception>
    public static PortOffsetAllocation Allocate(
        IEnumerable<RegisteredEnvironment> registered, EnvironmentId id, Func<int, bool> blockInUse, string registryFile)
    {
        ArgumentNullException.ThrowIfNull(blockInUse);
        var entries = registered.ToList();
        var taken = new HashSet<int>();
        foreach (var entry in entries)
        {
            if (entry.Id != id && entry.PortOffset is { } held)
            {
                taken.Add(held);
            }
        }
        if (entries.FirstOrDefault(e => e.Id == id)?.PortOffset is { } own && !taken.Contains(own))
        {
            return new PortOffsetAllocation(own, Kept: true);
        }

        var preferred = Preferred(id);
        var skipped = new List<int>();
        foreach (var offset in Enumerable.Range(0, Limit / BlockSize).Select(i => i * BlockSize).Prepend(preferred).Distinct())
        {
            if (taken.Contains(offset))
            {
                continue;
            }
            if (blockInUse(offset))
            {
                skipped.Add(offset);
                continue;
            }
            return new PortOffsetAllocation(offset, Kept: false) { Preferred = preferred, SkippedInUse = skipped };
        }
        var holders = string.Join(", ", entries.Where(e => e.PortOffset is not null && e.Id != id).OrderBy(e => e.PortOffset).Select(e => $"{e.PortOffset}={e.Id}"));
        throw new UshadowException(DiagnosticCodes.PortBlocksExhausted,
            $"Environment '{id.Name}' of app '{id.App}' needs a port block, but every offset from 0 to {Limit - BlockSize} is held ({holders}) " +
            $"or in use right now ({string.Join(", ", skipped)}). Free one with 'ushadow env remove' or 'ushadow env prune', or set PORT_OFFSET for this environment.",
            registryFile);
    }
}
