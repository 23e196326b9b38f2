namespace Declarative.Serialization;

/// <summary>Finds the closest known name to one a model got wrong, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    /// <summary>
    /// Returns the known name that differs only in case, or else the one within a small edit distance,
    /// or <see langword="null"/> when nothing is close.
    /// </summary>
    /// <param name="name">The name as sent.</param>
    /// <param name="known">The names that exist.</param>
    public static string? Suggest(string name, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        name ??= "";
        foreach (var candidate in known)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        var allowed = Math.Max(1, Math.Min(3, name.Length / 3));
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant(), allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    // Levenshtein distance with an early exit once every cell of a row exceeds the limit.
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit)
            {
                return int.MaxValue;
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
