using System.Collections;

namespace ImpactOS.Core.Velocity;

/// <summary>
/// A read-only view of part of an array. Portfolio computations store every company's steps in a
/// few shared arrays and hand out slices of them, so 20,000 companies do not cost 20,000 small arrays
/// (and the garbage-collector work of copying them between generations).
/// </summary>
/// <remarks>
/// Use it like a list: indexer, <see cref="Count"/>, <c>foreach</c> (no allocation), LINQ, or
/// <see cref="AsSpan"/>. Equality is element-wise, so records holding slices compare by content.
/// </remarks>
public readonly struct ReadOnlySlice<T> : IReadOnlyList<T>, IEquatable<ReadOnlySlice<T>>
{
    private readonly T[]? _array;
    private readonly int _offset;
    private readonly int _count;

    internal ReadOnlySlice(T[] array, int offset, int count)
    {
        _array = array;
        _offset = offset;
        _count = count;
    }

    internal ReadOnlySlice(T[] array)
        : this(array, 0, array.Length)
    {
    }

    /// <summary>An empty slice (also the <c>default</c> value).</summary>
    public static ReadOnlySlice<T> Empty => default;

    public int Count => _count;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, "Index is outside the slice.");
            }

            return _array![_offset + index];
        }
    }

    public static bool operator ==(ReadOnlySlice<T> left, ReadOnlySlice<T> right) => left.Equals(right);

    public static bool operator !=(ReadOnlySlice<T> left, ReadOnlySlice<T> right) => !left.Equals(right);

    public ReadOnlySpan<T> AsSpan() => _array is null ? default : new ReadOnlySpan<T>(_array, _offset, _count);

    public T[] ToArray() => AsSpan().ToArray();

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ReadOnlySlice<T> other)
    {
        if (_count != other._count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _count; i++)
        {
            if (!comparer.Equals(_array![_offset + i], other._array![other._offset + i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ReadOnlySlice<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"ReadOnlySlice<{typeof(T).Name}>[{_count}]";

    /// <summary>Allocation-free enumerator.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly ReadOnlySlice<T> _slice;
        private int _index;

        internal Enumerator(ReadOnlySlice<T> slice)
        {
            _slice = slice;
            _index = -1;
        }

        public readonly T Current => _slice._array![_slice._offset + _index];

        readonly object? IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _slice._count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}

/// <summary>
/// Hands out consecutive ranges of shared arrays ("chunks") for slices. Chunks start small and double
/// up to a cap, so small portfolios stay small and large ones use a few large arrays.
/// </summary>
internal sealed class SliceBuffer<T>
{
    private const int FirstChunk = 64;
    private const int MaxChunk = 8192;

    private T[] _chunk = [];
    private int _used;

    /// <summary>Reserves <paramref name="count"/> consecutive elements; the caller fills them.</summary>
    public ReadOnlySlice<T> Reserve(int count, out Span<T> destination)
    {
        if (count == 0)
        {
            destination = default;
            return default;
        }

        if (_chunk.Length - _used < count)
        {
            var size = Math.Max(count, Math.Min(MaxChunk, Math.Max(FirstChunk, _chunk.Length * 2)));
            _chunk = new T[size];
            _used = 0;
        }

        destination = _chunk.AsSpan(_used, count);
        var slice = new ReadOnlySlice<T>(_chunk, _used, count);
        _used += count;
        return slice;
    }
}
