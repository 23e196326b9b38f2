using System.Globalization;
using System.Text.Json;

namespace Declarative.Tests.Support;

/// <summary>
/// Compares a generated schema ("ours") with the one Microsoft.Extensions.AI derives by reflection
/// ("theirs"), keyword by keyword. Everything is compared strictly except the differences listed in
/// <see cref="Allowance"/>, each of which is a deliberate choice of the generator; the comparer
/// records which allowances it used so a test can show them.
/// </summary>
public sealed class SchemaComparer
{
    /// <summary>The intentional differences, and why each is allowed.</summary>
    public enum Allowance
    {
        /// <summary>
        /// Ours closes objects with <c>additionalProperties: false</c>: the reader refuses unknown
        /// properties (M.E.AI drops them silently), so the schema says so.
        /// </summary>
        ClosedObject,

        /// <summary>
        /// Ours bounds integers by their CLR type (<c>byte</c>: 0..255); the reader refuses values that
        /// don't fit instead of letting the deserializer throw. M.E.AI leaves integers unbounded.
        /// </summary>
        IntegerBounds,

        /// <summary>
        /// Ours anchors <c>[RegularExpression]</c> patterns as <c>^(?:p)$</c>, because DataAnnotations (and
        /// our reader) match the whole string while JSON Schema's <c>pattern</c> matches anywhere.
        /// M.E.AI copies the pattern unanchored.
        /// </summary>
        AnchoredPattern,

        /// <summary>
        /// <c>[Url]</c>: ours adds a pattern limiting the scheme to http, https and ftp, as the attribute
        /// (and our reader) does; M.E.AI writes only <c>format: uri</c>, which admits any scheme.
        /// </summary>
        UrlScheme,

        /// <summary>
        /// <c>[Range(..., MinimumIsExclusive = true)]</c>: ours emits <c>exclusiveMinimum</c>
        /// (<c>exclusiveMaximum</c>); M.E.AI drops the bound altogether.
        /// </summary>
        ExclusiveBound,

        /// <summary>
        /// Nullable reference annotations on generic arguments (<c>List&lt;string?&gt;</c>) are invisible to
        /// reflection, so M.E.AI describes the element as non-null; the generator sees them and adds
        /// <c>"null"</c> to the element's type.
        /// </summary>
        NullableGenericArgument,

        /// <summary>
        /// Ours may repeat the tool's description at the root of the parameters schema; M.E.AI keeps it
        /// only in <c>AIFunction.Description</c>. Allowed only when equal to the tool's description.
        /// </summary>
        RootDescription,

        /// <summary>
        /// A nullable reference to a recursive type: ours writes <c>anyOf: [{"$ref": ...}, {"type": "null"}]</c>
        /// because a <c>$ref</c> cannot also widen the type; M.E.AI inlines the type once with
        /// <c>type: ["object", "null"]</c> and refers to that. Both accept the same values; ours is
        /// compared as the referenced schema with <c>"null"</c> added to its type.
        /// </summary>
        NullableReference,
    }

    // Keywords that carry no validation or description and are dropped from both sides.
    private static readonly HashSet<string> Ignored = ["title", "$comment", "$schema"];

    private readonly JsonElement _oursRoot;
    private readonly JsonElement _theirsRoot;
    private readonly string? _toolDescription;

    private SchemaComparer(JsonElement ours, JsonElement theirs, string? toolDescription)
    {
        _oursRoot = ours;
        _theirsRoot = theirs;
        _toolDescription = toolDescription;
    }

    public List<string> Differences { get; } = [];

    public HashSet<Allowance> Used { get; } = [];

    /// <summary>Compares two schemas; <paramref name="toolDescription"/> is only used for the root.</summary>
    public static SchemaComparer Compare(JsonElement ours, JsonElement theirs, string? toolDescription = null)
    {
        var comparer = new SchemaComparer(ours, theirs, toolDescription);
        comparer.Walk(ours, theirs, "#", oursRefs: 0, theirsRefs: 0, isElement: false);
        return comparer;
    }

    private static readonly decimal[] ClrIntegerBounds =
    [
        sbyte.MinValue, sbyte.MaxValue, byte.MaxValue, short.MinValue, short.MaxValue, ushort.MaxValue,
        int.MinValue, int.MaxValue, uint.MaxValue, long.MinValue, long.MaxValue, ulong.MaxValue, 0,
    ];

    // How many $ref hops each side may follow along one path before recursion is considered equal.
    private const int RefBudget = 4;

    private void Walk(JsonElement ours, JsonElement theirs, string path, int oursRefs, int theirsRefs, bool isElement)
    {
        var o = Expand(ours, _oursRoot, ref oursRefs);
        var t = Expand(theirs, _theirsRoot, ref theirsRefs);
        if (oursRefs > RefBudget && theirsRefs > RefBudget)
        {
            return; // both sides are going round the same recursive type: compared enough
        }
        if (o is null || t is null)
        {
            Differences.Add($"{path}: unresolvable $ref");
            return;
        }
        if (!t.ContainsKey("anyOf") && NullableBranch(o) is { } branch)
        {
            var inner = Expand(branch, _oursRoot, ref oursRefs);
            if (inner is null)
            {
                Differences.Add($"{path}: unresolvable $ref");
                return;
            }
            o.Remove("anyOf");
            foreach (var (name, value) in inner)
            {
                o.TryAdd(name, value);
            }
            var widened = Types(o);
            widened.Add("null");
            o["type"] = JsonSerializer.SerializeToElement(widened.Order().ToArray());
            if (o.TryGetValue("enum", out var values))
            {
                o["enum"] = JsonSerializer.SerializeToElement(values.EnumerateArray().Append(JsonElement.Parse("null")).ToArray());
            }
            Used.Add(Allowance.NullableReference);
        }

        var oursTypes = Types(o);
        foreach (var key in o.Keys.Union(t.Keys).Where(k => !Ignored.Contains(k)).Distinct())
        {
            var here = path + "/" + key;
            var inOurs = o.TryGetValue(key, out var ov);
            var inTheirs = t.TryGetValue(key, out var tv);
            if (!inTheirs)
            {
                if (!AllowedExtra(key, ov, o, t, path))
                {
                    Differences.Add($"{here}: only in ours: {ov.GetRawText()}");
                }
                continue;
            }
            if (!inOurs)
            {
                Differences.Add($"{here}: missing from ours (theirs: {tv.GetRawText()})");
                continue;
            }
            switch (key)
            {
                case "type":
                    var ts = Types(t);
                    if (!oursTypes.SetEquals(ts))
                    {
                        if (isElement && oursTypes.Contains("null") && !ts.Contains("null")
                            && oursTypes.Except(["null"]).ToHashSet().SetEquals(ts) && ts.Overlaps(["string", "object", "array"]))
                        {
                            Used.Add(Allowance.NullableGenericArgument);
                        }
                        else
                        {
                            Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                        }
                    }
                    break;
                case "enum":
                    var oe = ov.EnumerateArray().Select(Canonical).Order().ToList();
                    var te = tv.EnumerateArray().Select(Canonical).Order().ToList();
                    if (!oe.SequenceEqual(te))
                    {
                        var tolerated = isElement && oe.Contains("null") && !te.Contains("null") && oe.Where(v => v != "null").SequenceEqual(te);
                        if (tolerated)
                        {
                            Used.Add(Allowance.NullableGenericArgument);
                        }
                        else
                        {
                            Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                        }
                    }
                    break;
                case "required":
                    var or = ov.EnumerateArray().Select(e => e.GetString()).ToHashSet();
                    var tr = tv.EnumerateArray().Select(e => e.GetString()).ToHashSet();
                    if (!or.SetEquals(tr))
                    {
                        Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                    }
                    break;
                case "properties":
                    var op = Members(ov);
                    var tp = Members(tv);
                    foreach (var name in op.Keys.Union(tp.Keys))
                    {
                        if (!op.ContainsKey(name) || !tp.ContainsKey(name))
                        {
                            Differences.Add($"{here}/{name}: property only in {(op.ContainsKey(name) ? "ours" : "theirs")}");
                            continue;
                        }
                        Walk(op[name], tp[name], here + "/" + name, oursRefs, theirsRefs, isElement: false);
                    }
                    break;
                case "items":
                case "additionalProperties":
                    if (ov.ValueKind == JsonValueKind.False || tv.ValueKind == JsonValueKind.False)
                    {
                        if (ov.ValueKind != tv.ValueKind)
                        {
                            Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                        }
                        break;
                    }
                    Walk(ov, tv, here, oursRefs, theirsRefs, isElement: true);
                    break;
                case "pattern":
                    var ours_ = ov.GetString();
                    var theirs_ = tv.GetString();
                    if (ours_ == theirs_)
                    {
                        break;
                    }
                    if (ours_ == "^(?:" + theirs_ + ")$")
                    {
                        Used.Add(Allowance.AnchoredPattern);
                        break;
                    }
                    Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                    break;
                case "description":
                    if (ov.GetString() != tv.GetString())
                    {
                        Differences.Add($"{here}: ours {ov.GetRawText()}, theirs {tv.GetRawText()}");
                    }
                    break;
                default:
                    if (ov.ValueKind is JsonValueKind.Object && tv.ValueKind is JsonValueKind.Object && key is not ("default" or "const"))
                    {
                        Walk(ov, tv, here, oursRefs, theirsRefs, isElement: false);
                        break;
                    }
                    foreach (var d in JsonDiff.Compare(tv, ov))
                    {
                        Differences.Add($"{here}: {d}");
                    }
                    break;
            }
        }
    }

    /// <summary>For <c>anyOf: [X, {"type": "null"}]</c> (either order), X; otherwise null.</summary>
    private static JsonElement? NullableBranch(Dictionary<string, JsonElement> schema)
    {
        if (!schema.TryGetValue("anyOf", out var anyOf) || anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() != 2)
        {
            return null;
        }
        static bool IsNull(JsonElement e) => e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Count() == 1
            && e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
        return IsNull(anyOf[1]) ? anyOf[0] : IsNull(anyOf[0]) ? anyOf[1] : null;
    }

    /// <summary>A keyword present only in ours: fine when it is one of the deliberate extras.</summary>
    private const string UrlSchemePattern = "^([hH][tT][tT][pP][sS]?|[fF][tT][pP]):";

    private bool AllowedExtra(string key, JsonElement value, Dictionary<string, JsonElement> ours, Dictionary<string, JsonElement> theirs, string path)
    {
        var types = Types(ours);
        switch (key)
        {
            case "additionalProperties" when value.ValueKind == JsonValueKind.False && types.Contains("object"):
                Used.Add(Allowance.ClosedObject);
                return true;
            case "minimum" or "maximum" when types.Contains("integer") && value.TryGetDecimal(out var bound) && ClrIntegerBounds.Contains(bound):
                Used.Add(Allowance.IntegerBounds);
                return true;
            case "exclusiveMinimum" when !theirs.ContainsKey("minimum") && !theirs.ContainsKey("exclusiveMinimum"):
            case "exclusiveMaximum" when !theirs.ContainsKey("maximum") && !theirs.ContainsKey("exclusiveMaximum"):
                Used.Add(Allowance.ExclusiveBound);
                return true;
            case "pattern" when value.GetString() == UrlSchemePattern && theirs.TryGetValue("format", out var format) && format.GetString() == "uri":
                Used.Add(Allowance.UrlScheme);
                return true;
            case "description" when path == "#" && _toolDescription is not null && value.GetString() == _toolDescription:
                Used.Add(Allowance.RootDescription);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The keywords of a schema with <c>$ref</c> followed (siblings of a <c>$ref</c> kept, as M.E.AI
    /// writes <c>{"$ref": ..., "default": null}</c>) and boolean schemas as objects (<c>true</c> is <c>{}</c>).
    /// </summary>
    private static Dictionary<string, JsonElement>? Expand(JsonElement schema, JsonElement root, ref int refs)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return [];
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return new() { ["not"] = schema };
        }
        var keywords = Members(schema);
        var hops = 0;
        while (keywords.Remove("$ref", out var reference))
        {
            if (++hops > 16)
            {
                return null;
            }
            refs++;
            var target = Resolve(root, reference.GetString()!);
            if (target is null)
            {
                return null;
            }
            if (target.Value.ValueKind == JsonValueKind.True)
            {
                continue;
            }
            foreach (var (name, value) in Members(target.Value))
            {
                keywords.TryAdd(name, value);
            }
        }
        return keywords;
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            return null;
        }
        var current = root;
        foreach (var raw in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private static HashSet<string> Types(Dictionary<string, JsonElement> schema)
    {
        if (!schema.TryGetValue("type", out var type))
        {
            return [];
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet()
            : [type.GetString()!];
    }

    private static Dictionary<string, JsonElement> Members(JsonElement e)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            members[p.Name] = p.Value;
        }
        return members;
    }

    // A canonical text for a JSON value: compact, numbers by value.
    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? d.ToString("0.############################", CultureInfo.InvariantCulture) : e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => e.GetRawText(),
    };
}
