using System.Text;

namespace Ushadow.Core.Registry;

/// <summary>
/// 32-bit FNV-1a, the stable name hash behind a preferred Redis database number.
/// Unlike <see cref="string.GetHashCode()"/> it gives the same value in every process and on every runtime.
/// </summary>
internal static class Fnv1a
{
    private const uint OffsetBasis = 0x811C9DC5;
    private const uint Prime = 0x01000193;

    /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }
        return hash;
    }
}
