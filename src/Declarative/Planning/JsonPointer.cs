using System.Globalization;
using System.Text;

namespace Declarative.Planning;

/// <summary>One segment of a JSON pointer: a member name, which may also be an array index, or <c>*</c>.</summary>
internal readonly record struct PointerSegment(string Name, int? Index, bool IsWildcard);

/// <summary>
/// RFC 6901 JSON pointers as plans use them: <c>""</c> is the whole value, <c>/items/0/id</c> walks
/// down, <c>~0</c> and <c>~1</c> escape <c>~</c> and <c>/</c>, and a segment that is exactly <c>*</c>
/// maps the rest of the pointer over every element of an array.
/// </summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into segments, or says what is wrong with it.</summary>
    public static bool TryParse(string pointer, out IReadOnlyList<PointerSegment> segments, out string? error)
    {
        segments = [];
        error = null;
        if (pointer.Length == 0)
        {
            return true;
        }
        if (pointer[0] != '/')
        {
            error = "a JSON pointer is empty or starts with '/'";
            return false;
        }
        var list = new List<PointerSegment>();
        foreach (var raw in pointer[1..].Split('/'))
        {
            if (raw == "*")
            {
                list.Add(new PointerSegment("*", null, IsWildcard: true));
                continue;
            }
            var builder = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '~')
                {
                    builder.Append(raw[i]);
                    continue;
                }
                if (i + 1 < raw.Length && raw[i + 1] is '0' or '1')
                {
                    builder.Append(raw[i + 1] == '0' ? '~' : '/');
                    i++;
                    continue;
                }
                error = $"'~' must be followed by 0 or 1 (segment '{raw}')";
                return false;
            }
            var name = builder.ToString();
            list.Add(new PointerSegment(name, AsIndex(name), IsWildcard: false));
        }
        segments = list;
        return true;
    }

    /// <summary>Escapes a member name for use as a segment.</summary>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The pointer text of the first <paramref name="count"/> segments, for messages.</summary>
    public static string Prefix(IReadOnlyList<PointerSegment> segments, int count)
    {
        if (count == 0)
        {
            return "the result";
        }
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append('/').Append(segments[i].IsWildcard ? "*" : Escape(segments[i].Name));
        }
        return builder.ToString();
    }

    // RFC 6901 array indices: digits with no leading zero.
    private static int? AsIndex(string name)
    {
        if (name.Length == 0 || name.Length > 9 || (name.Length > 1 && name[0] == '0'))
        {
            return null;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }
        return int.Parse(name, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
