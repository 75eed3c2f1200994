using System.Collections;

namespace Ushadow.Build.Generator;

/// <summary>An immutable array compared by its elements, so models holding it are value-equatable.</summary>
/// <remarks>
/// A class, not a struct: pipeline nodes over reference types run Roslyn's shared generic code, which a fresh csc has
/// already compiled for the SDK's own generators, while every struct in a node's type costs JIT time on each cold build.
/// </remarks>
internal sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

    private readonly T[] _items;

    public EquatableArray(T[] items) => _items = items;

    public int Count => _items.Length;

    public bool Equals(EquatableArray<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as EquatableArray<T>);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in _items)
            {
                hash = (hash * 31) + (item?.GetHashCode() ?? 0);
            }
            return hash;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
