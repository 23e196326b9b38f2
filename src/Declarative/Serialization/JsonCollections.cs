using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Declarative.Serialization;

/// <summary>
/// Scratch collections for generated readers of lists, arrays, sets and dictionaries. A JSON array or
/// object does not say how many elements it has until it ends, so a collection built as it is read
/// grows by doubling: a list of 20 allocates arrays of 4, 8, 16 and 32, and a dictionary of 50 five
/// bucket and entry arrays. Instead, a reader fills a scratch collection kept per thread and element
/// type (its capacity survives between calls) and, at the end, copies it once into a collection of
/// exactly the right size. Generated code uses it; it is public so generated code can stay on public APIs.
/// </summary>
/// <example>
/// Each generated collection reader owns one <c>[ThreadStatic]</c> slot (a field of the generated,
/// non-generic class, so reaching it is a plain thread-local access) and passes it by reference:
/// <code>
/// var items = JsonCollections.RentList(ref t_Scratch_ListOf_string);
/// // ... items.Add(...) for every element ...
/// value = JsonCollections.ToList(items, ref t_Scratch_ListOf_string);
/// </code>
/// </example>
/// <remarks>
/// Every scratch collection is taken from its slot with <c>Rent</c> and given back to it by <c>ToList</c>, <c>ToArray</c>,
/// <c>ToHashSet</c>, <c>ToDictionary</c> or <c>Return</c>, emptied (so it holds no reference to the
/// values read). One that is never given back (malformed JSON aborts the read with an exception) is
/// simply garbage; a collection nested in another of the same element type gets a fresh scratch
/// collection, since the thread's one is taken. Scratch collections grown past
/// <see cref="MaxKeptCapacity"/> are not kept, so one huge argument does not pin memory.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonCollections
{
    /// <summary>The largest capacity a scratch collection keeps between calls.</summary>
    public const int MaxKeptCapacity = 1024;

    /// <summary>Takes the scratch list from <paramref name="slot"/> (a thread-static field), or a new one; empty.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="slot">The reader's thread-static slot.</param>
    public static List<T> RentList<T>(ref List<T>? slot)
    {
        var list = slot;
        if (list is null)
        {
            return new List<T>(16);
        }
        slot = null;
        return list;
    }

    /// <summary>Empties a scratch list and keeps it in <paramref name="slot"/> for the next <see cref="RentList{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="scratch">A list from <see cref="RentList{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static void Return<T>(List<T> scratch, ref List<T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        scratch.Clear();
        if (scratch.Capacity <= MaxKeptCapacity)
        {
            slot = scratch;
        }
    }

    /// <summary>A new list holding the scratch list's elements, with no spare capacity; gives the scratch list back.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="scratch">A list from <see cref="RentList{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static List<T> ToList<T>(List<T> scratch, ref List<T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var list = new List<T>(scratch.Count);
        CollectionsMarshal.SetCount(list, scratch.Count);
        CollectionsMarshal.AsSpan(scratch).CopyTo(CollectionsMarshal.AsSpan(list));
        Return(scratch, ref slot);
        return list;
    }

    /// <summary>A new array holding the scratch list's elements; gives the scratch list back.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="scratch">A list from <see cref="RentList{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static T[] ToArray<T>(List<T> scratch, ref List<T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var array = scratch.ToArray();
        Return(scratch, ref slot);
        return array;
    }

    /// <summary>A new set of the scratch list's elements, sized for them; gives the scratch list back.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="scratch">A list from <see cref="RentList{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static HashSet<T> ToHashSet<T>(List<T> scratch, ref List<T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var set = new HashSet<T>(scratch);
        Return(scratch, ref slot);
        return set;
    }

    /// <summary>Takes the scratch dictionary from <paramref name="slot"/> (a thread-static field), or a new one; empty.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="slot">The reader's thread-static slot.</param>
    public static Dictionary<string, T> RentDictionary<T>(ref Dictionary<string, T>? slot)
    {
        var map = slot;
        if (map is null)
        {
            return new Dictionary<string, T>(16);
        }
        slot = null;
        return map;
    }

    /// <summary>Empties a scratch dictionary and keeps it in <paramref name="slot"/> for the next <see cref="RentDictionary{T}"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="scratch">A dictionary from <see cref="RentDictionary{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static void Return<T>(Dictionary<string, T> scratch, ref Dictionary<string, T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var keep = scratch.Count <= MaxKeptCapacity;
        scratch.Clear();
        if (keep)
        {
            slot = scratch;
        }
    }

    /// <summary>
    /// A new dictionary (default comparer) holding the scratch dictionary's entries, sized for them;
    /// gives the scratch dictionary back. Copying from a dictionary with the same comparer reuses the
    /// stored hash codes, so no key is hashed twice.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="scratch">A dictionary from <see cref="RentDictionary{T}"/>.</param>
    /// <param name="slot">The slot it came from.</param>
    public static Dictionary<string, T> ToDictionary<T>(Dictionary<string, T> scratch, ref Dictionary<string, T>? slot)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var map = new Dictionary<string, T>(scratch);
        Return(scratch, ref slot);
        return map;
    }
}
