using System.Collections.Generic;
using System.Linq;
using System.Text;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Writes the JSON schema of a shape, in the form <c>AIJsonUtilities.CreateFunctionJsonSchema</c>
/// produces (same keywords, same order where it matters to a reader), plus our extra strictness:
/// closed objects, CLR integer bounds and anchored patterns. A recursive type refers to its first
/// occurrence with a <c>$ref</c> JSON pointer. Types left to System.Text.Json become a placeholder
/// filled in at run time, so such a schema is an expression rather than a constant.
/// </summary>
/// <remarks>
/// This file holds the entry points (a tool's arguments, strict or not, and its result), the output
/// and the buffer; the keywords each kind of shape becomes, objects and <c>$ref</c> pointers are in
/// <c>SchemaWriter.Shapes.cs</c>; string and number constraints, patterns and integer bounds in
/// <c>SchemaWriter.Constraints.cs</c>.
/// </remarks>
internal sealed partial class SchemaWriter
{
    private readonly Dictionary<string, NamedType> _types;
    private readonly bool _strict;
    // Builders above this capacity (in chars) are not kept for the next writer.
    private const int MaxCachedCapacity = 64 * 1024;

    [System.ThreadStatic]
    private static StringBuilder? t_cachedBuilder;

    private readonly List<(string? Text, string? SerializerType)> _parts = new();
    private readonly List<string> _path = new();
    private StringBuilder? _current;

    public SchemaWriter(Dictionary<string, NamedType> types, bool strict = false)
    {
        _types = types;
        _strict = strict;
    }

    /// <summary>
    /// In strict mode, why the schema cannot be strict (the first reason found), or null when it can.
    /// Strict schemas, as OpenAI's structured outputs define them, close every object and require every
    /// property; they cannot express open dictionaries, "any" values, recursion or serializer-defined types.
    /// </summary>
    public string? StrictFailure { get; private set; }

    /// <summary>
    /// The strict variant of a tool's arguments schema: every property required, optional ones as a
    /// null union (the reader then treats null as "use the default"), no defaults. Null when the tool
    /// cannot be strict; <paramref name="reason"/> says why.
    /// </summary>
    public static SchemaWriter? ForStrictParameters(ToolModel tool, Dictionary<string, NamedType> types, out string? reason)
    {
        var writer = Parameters(tool, types, strict: true);
        reason = writer.StrictFailure;
        return reason is null ? writer : null;
    }

    /// <summary>The schema of a tool's arguments object.</summary>
    public static SchemaWriter ForParameters(ToolModel tool, Dictionary<string, NamedType> types) => Parameters(tool, types, strict: false);

    // One arguments object, two forms: strict requires every parameter (optional ones widened to allow
    // null) and drops defaults; the ordinary form requires only the parameters without defaults.
    private static SchemaWriter Parameters(ToolModel tool, Dictionary<string, NamedType> types, bool strict)
    {
        var writer = new SchemaWriter(types, strict);
        var ancestors = new List<(string Id, string Pointer)>();
        writer.Builder.Append("{\"type\":\"object\",\"properties\":{");
        var first = true;
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.IsCancellationToken)
            {
                continue;
            }
            if (!first)
            {
                writer.Builder.Append(',');
            }
            first = false;
            ShapeBuilder.AppendJsonString(writer.Builder, parameter.Name);
            writer.Builder.Append(':');
            var shape = strict && !parameter.IsRequired ? parameter.Shape with { IsNullable = true } : parameter.Shape;
            writer._path.Add("/properties/");
            writer._path.Add(Pointer(parameter.Name));
            writer.Shape(shape, parameter.Constraints, parameter.Description, parameter.DefaultValueJson, ancestors);
            writer._path.RemoveRange(writer._path.Count - 2, 2);
        }
        writer.Builder.Append('}');
        first = true;
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.IsCancellationToken || !(strict || parameter.IsRequired))
            {
                continue;
            }
            writer.Builder.Append(first ? ",\"required\":[" : ",");
            first = false;
            ShapeBuilder.AppendJsonString(writer.Builder, parameter.Name);
        }
        if (!first)
        {
            writer.Builder.Append(']');
        }
        writer.Builder.Append(",\"additionalProperties\":false}");
        return writer;
    }

    /// <summary>The schema of a tool's result.</summary>
    public static SchemaWriter ForReturn(TypeShape shape, string? description, Dictionary<string, NamedType> types)
    {
        var writer = new SchemaWriter(types);
        writer.Shape(shape, Constraints.None, description, null, new List<(string, string)>());
        return writer;
    }

    /// <summary>Whether the schema is one constant string.</summary>
    public bool IsConstant
    {
        get
        {
            foreach (var part in _parts)
            {
                if (part.Text is null)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>The schema as a C# expression; <paramref name="optionsExpression"/> supplies serializer options for placeholders.</summary>
    public string ToExpression(string optionsExpression)
    {
        Flush();
        if (_parts.Count == 1 && _parts[0].Text is { } only)
        {
            return Literals.Json(only);
        }
        var pieces = _parts.Select(p => p.Text is not null
            ? Literals.Json(p.Text)
            : "global::Declarative.Serialization.ToolSchemas.For(typeof(" + p.SerializerType + "), " + optionsExpression + ")");
        return "string.Concat(" + string.Join(", ", pieces) + ")";
    }

    /// <summary>The schema text with placeholders shown as <c>{}</c>; for tests and diagnostics.</summary>
    public override string ToString()
    {
        Flush();
        return string.Concat(_parts.Select(p => p.Text ?? "{}"));
    }

    // The text being written, rented from the thread's cache until the writer is flushed for good.
    private StringBuilder Builder => _current ??= RentBuilder();

    private static StringBuilder RentBuilder()
    {
        var builder = t_cachedBuilder ?? new StringBuilder(1024);
        t_cachedBuilder = null;
        return builder;
    }

    private void Flush()
    {
        if (_current is { } current)
        {
            if (current.Length > 0)
            {
                _parts.Add((current.ToString(), null));
            }
            _current = null;
            current.Clear();
            if (current.Capacity <= MaxCachedCapacity)
            {
                t_cachedBuilder = current;
            }
        }
    }
}
