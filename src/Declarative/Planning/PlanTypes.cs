using System.Globalization;

namespace Declarative.Planning;

/// <summary>
/// The static half of reference checking: what type a pointer selects from a tool's return schema,
/// and whether a value of that type is certain to be accepted where the reference stands.
/// </summary>
/// <remarks>
/// The rules are conservative: a reference passes only when every value the source schema admits is
/// one the target's reader accepts. That is what lets an accepted plan run without argument errors.
/// </remarks>
internal static class PlanTypes
{
    /// <summary>The type a pointer selects, each <c>*</c> wrapping the rest in a list; or why it cannot.</summary>
    public static string? Select(SchemaType result, IReadOnlyList<PointerSegment> segments, out SchemaType selected)
    {
        selected = default;
        var maps = 0;
        var current = result;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var node = current.Node;
            var at = JsonPointer.Prefix(segments, i);
            if (node.IsAny)
            {
                // Nothing is known below "any": the selection is any JSON, which only "any" targets take.
                current = new SchemaType(SchemaNode.Any, nullable: true);
                break;
            }
            if (node.IsOpaque)
            {
                return $"{at} has a schema the planner cannot check, so '{Segment(segment)}' cannot be followed statically";
            }
            if (current.Nullable)
            {
                return $"{at} may be null, so the pointer cannot go through it";
            }
            if (segment.IsWildcard)
            {
                if (!node.Kinds.HasFlag(JsonKinds.Array) || node.Items is not { } items)
                {
                    return $"'*' maps over a list, but {at} is {current.Describe()}";
                }
                current = items;
                maps++;
            }
            else if (node.Kinds == JsonKinds.Array)
            {
                if (segment.Index is null || node.Items is not { } items)
                {
                    return $"{at} is a list: use an index or '*', not '{segment.Name}'";
                }
                current = items;
            }
            else if (node.Kinds == JsonKinds.Object)
            {
                if (node.TryGetProperty(segment.Name, out var property))
                {
                    current = property;
                }
                else if (node.AdditionalProperties is { } values)
                {
                    current = values;
                }
                else
                {
                    var hint = Serialization.NameSuggester.Suggest(segment.Name, node.PropertyNames);
                    return $"{at} has no property '{segment.Name}'" + (hint is null ? "." : $"; did you mean '{hint}'?")
                        + (node.PropertyNames.Count > 0 ? " Properties: " + string.Join(", ", node.PropertyNames) + "." : "");
                }
            }
            else
            {
                return $"{at} is {current.Describe()}, which has no '{segment.Name}'";
            }
        }
        for (var i = 0; i < maps; i++)
        {
            current = new SchemaType(SchemaNode.ListOf(current), nullable: false);
        }
        selected = current;
        return null;
    }

    /// <summary>Null when every value of <paramref name="source"/> fits <paramref name="target"/>; otherwise why not.</summary>
    /// <param name="source">The type of the value.</param>
    /// <param name="target">The type of the place.</param>
    /// <param name="takesAnyNumber">
    /// Whether the target's reader takes any finite number at a place below the reference (given as the
    /// checker's path there, such as <c>""</c> or <c>"[]"</c>); asked only where the schemas cannot tell.
    /// </param>
    public static string? Fit(SchemaType source, SchemaType target, Func<string, bool>? takesAnyNumber = null)
    {
        var error = new Checker(takesAnyNumber).Fit(source, target, "");
        // A mismatch deep inside reads better after the whole picture.
        return error is not null && error.StartsWith("at ", StringComparison.Ordinal)
            ? $"the value is {source.Describe()}, but {target.Describe()} is wanted ({error})"
            : error;
    }

    private static string Segment(PointerSegment segment) => segment.IsWildcard ? "*" : segment.Name;

    private sealed class Checker(Func<string, bool>? takesAnyNumber)
    {
        // Pairs already assumed to fit: recursive types are checked once per pair (co-inductively).
        private readonly HashSet<(SchemaNode, SchemaNode)> _assumed = new();

        public string? Fit(SchemaType source, SchemaType target, string where)
        {
            var t = target.Node;
            var s = source.Node;
            if (t.IsAny)
            {
                return null;
            }
            if (source.Nullable && !target.Nullable)
            {
                return At(where) + $"the value may be null, but {target.Describe()} is wanted";
            }
            if (t.IsOpaque)
            {
                return At(where) + "the parameter's schema cannot be checked statically; pass a literal value instead";
            }
            if (s.IsAny || s.IsOpaque)
            {
                return At(where) + $"the value is {source.Describe()}, not known to be {target.Describe()}";
            }
            if (!_assumed.Add((s, t)))
            {
                return null;
            }
            var mismatch = At(where) + $"the value is {source.Describe()}, but {target.Describe()} is wanted";
            if (s.Kinds == JsonKinds.None || (s.Kinds & ~Widen(t.Kinds)) != JsonKinds.None)
            {
                return mismatch;
            }
            if (t.Enum is { } allowed)
            {
                if (s.Enum is not { } values || values.Any(v => !allowed.Contains(v)))
                {
                    return mismatch;
                }
                return null;
            }
            if (s.Kinds == JsonKinds.String)
            {
                return Strings(s, t, where);
            }
            if ((s.Kinds & (JsonKinds.Integer | JsonKinds.Number)) != 0 && (s.Kinds & ~(JsonKinds.Integer | JsonKinds.Number)) == 0)
            {
                return Numbers(s, t, where);
            }
            if (s.Kinds == JsonKinds.Array)
            {
                return Lists(s, t, where);
            }
            if (s.Kinds == JsonKinds.Object)
            {
                return Objects(s, t, where);
            }
            return null;
        }

        // An integer is a number; the reverse needs the value to be whole, which nothing guarantees.
        private static JsonKinds Widen(JsonKinds kinds) => kinds.HasFlag(JsonKinds.Number) ? kinds | JsonKinds.Integer : kinds;

        private static string? Strings(SchemaNode s, SchemaNode t, string where)
        {
            if (t.Format is { } format && s.Format != format)
            {
                return At(where) + $"a string in format '{format}' is wanted, but the value is {(s.Format is null ? "any string" : "in format '" + s.Format + "'")}";
            }
            if (t.Pattern is { } pattern && s.Pattern != pattern)
            {
                return At(where) + $"the parameter requires the pattern {pattern}, which the value is not known to match";
            }
            if (t.MinLength is { } min && (s.MinLength ?? 0) < min)
            {
                return At(where) + $"the parameter requires at least {min} characters, which the value is not known to have";
            }
            if (t.MaxLength is { } max && (s.MaxLength is not { } sMax || sMax > max))
            {
                return At(where) + $"the parameter allows at most {max} characters, which the value may exceed";
            }
            return null;
        }

        private string? Numbers(SchemaNode s, SchemaNode t, string where)
        {
            // {"type":"number"} is how double, float and decimal are all written, and the readers of the last
            // two refuse most doubles: a value unbounded on a side the target leaves open fits only where the
            // target's reader is seen to take any double.
            if (((s.Minimum is null && t.Minimum is null) || (s.Maximum is null && t.Maximum is null))
                && !(takesAnyNumber?.Invoke(where) ?? false))
            {
                return At(where) + "the value may be any number, but the parameter takes only numbers within a smaller range (as a decimal or a float does)";
            }
            if (t.Minimum is { } min && !(s.Minimum is { } sMin && (sMin > min || (sMin == min && (!t.MinimumExclusive || s.MinimumExclusive)))))
            {
                return At(where) + $"the parameter's minimum is {Number(min)}{(t.MinimumExclusive ? " (exclusive)" : "")}, and the value may be " + (s.Minimum is { } m ? "as low as " + Number(m) : "any number");
            }
            if (t.Maximum is { } max && !(s.Maximum is { } sMax && (sMax < max || (sMax == max && (!t.MaximumExclusive || s.MaximumExclusive)))))
            {
                return At(where) + $"the parameter's maximum is {Number(max)}{(t.MaximumExclusive ? " (exclusive)" : "")}, and the value may be " + (s.Maximum is { } m ? "as high as " + Number(m) : "any number");
            }
            return null;
        }

        private string? Lists(SchemaNode s, SchemaNode t, string where)
        {
            if (t.MinItems is { } min && (s.MinItems ?? 0) < min)
            {
                return At(where) + $"the parameter needs at least {min} items, which the list is not known to have";
            }
            if (t.MaxItems is { } max && (s.MaxItems is not { } sMax || sMax > max))
            {
                return At(where) + $"the parameter takes at most {max} items, which the list may exceed";
            }
            if (t.UniqueItems && !s.UniqueItems)
            {
                return At(where) + "the parameter needs distinct items, which the list is not known to have";
            }
            var sItems = s.Items ?? new SchemaType(SchemaNode.Any, nullable: true);
            var tItems = t.Items ?? new SchemaType(SchemaNode.Any, nullable: true);
            return Fit(sItems, tItems, where + "[]");
        }

        private string? Objects(SchemaNode s, SchemaNode t, string where)
        {
            foreach (var name in s.PropertyNames)
            {
                s.TryGetProperty(name, out var sProperty);
                if (t.TryGetProperty(name, out var tProperty))
                {
                    if (Fit(sProperty, tProperty, where + "." + name) is { } error)
                    {
                        return error;
                    }
                }
                else if (t.AdditionalProperties is { } values)
                {
                    if (Fit(sProperty, values, where + "." + name) is { } error)
                    {
                        return error;
                    }
                }
                else if (t.IsClosed)
                {
                    return At(where) + $"the value has a property '{name}', which {t.Describe()} does not accept";
                }
            }
            if (s.AdditionalProperties is { } sValues)
            {
                // A map's keys are not known in advance: they must all be acceptable.
                if (t.AdditionalProperties is not { } tValues)
                {
                    return At(where) + $"the value is {s.Describe()}, whose keys are not known to be the properties of {t.Describe()}";
                }
                if (Fit(sValues, tValues, where + ".*") is { } error)
                {
                    return error;
                }
            }
            foreach (var name in t.Required)
            {
                if (!s.PropertyNames.Contains(name))
                {
                    return At(where) + $"the parameter requires '{name}', which the value does not have";
                }
            }
            return null;
        }

        private static string At(string where) => where.Length == 0 ? "" : "at " + where.TrimStart('.') + ": ";

        private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
