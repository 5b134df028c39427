using System.Collections.Concurrent;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Results computed once per key and kept beside the cached data they come from. Only a
/// handful of keys are asked for at a time (now, a report date, a period), so when
/// <paramref name="capacity"/> is reached everything is dropped rather than tracked by age.</summary>
public sealed class BoundedMemo<TKey>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, object> _values = new();

    public T GetOrAdd<T>(TKey key, Func<TKey, T> compute)
        where T : class
    {
        if (_values.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        if (_values.Count >= capacity)
        {
            _values.Clear();
        }

        return (T)_values.GetOrAdd(key, k => compute(k));
    }

    /// <summary>The values held now that are of type <typeparamref name="T"/>, with their keys.</summary>
    public IEnumerable<KeyValuePair<TKey, T>> Values<T>()
        where T : class
    {
        foreach (var (key, value) in _values)
        {
            if (value is T typed)
            {
                yield return KeyValuePair.Create(key, typed);
            }
        }
    }
}
