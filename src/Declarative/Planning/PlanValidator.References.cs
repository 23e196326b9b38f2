using System.Text.Json;

namespace Declarative.Planning;

// References ({"$from": ..., "path": ...}): found in the arguments, read, and typed against the
// source tool's return schema and the parameter's schema.
public sealed partial class PlanValidator
{
    private sealed partial class Run
    {
        private static void FindReferences(JsonElement value, SchemaType? target, string path,
                                           List<(JsonElement, SchemaType?, string)> found)
        {
            if (PlanReference.IsReference(value))
            {
                found.Add((value, target, path));
                return;
            }
            // Where the schema has no place for a value, the reader reports it; references there are still read.
            var node = target is { } t && !t.Node.IsAny && !t.Node.IsOpaque ? t.Node : null;
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in value.EnumerateObject())
                {
                    SchemaType? child = null;
                    if (node is not null && node.TryGetProperty(property.Name, out var declared))
                    {
                        child = declared;
                    }
                    else if (node?.AdditionalProperties is { } values)
                    {
                        child = values;
                    }
                    else if (target is { } any && any.Node.IsAny)
                    {
                        child = any;
                    }
                    FindReferences(property.Value, child, JsonPath.Property(path, property.Name), found);
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                SchemaType? items = node?.Items ?? (target is { } any && any.Node.IsAny ? any : null);
                foreach (var item in value.EnumerateArray())
                {
                    FindReferences(item, items, JsonPath.Index(path, i++), found);
                }
            }
        }

        private PlanReference? ReadReference(StepDraft step, JsonElement reference, SchemaType? target, string at, string relative, int position)
        {
            string? from = null;
            string pointer = "";
            var ok = true;
            foreach (var member in reference.EnumerateObject())
            {
                if (member.NameEquals("$from"))
                {
                    if (member.Value.ValueKind == JsonValueKind.String)
                    {
                        from = member.Value.GetString();
                    }
                    else
                    {
                        Error(at, $"'$from' must be a step id, got {JsonPath.Kind(member.Value)}");
                        ok = false;
                    }
                }
                else if (member.NameEquals("path"))
                {
                    if (member.Value.ValueKind == JsonValueKind.String)
                    {
                        pointer = member.Value.GetString()!;
                    }
                    else
                    {
                        Error(at, $"'path' must be a JSON pointer string such as \"/*/id\", got {JsonPath.Kind(member.Value)}");
                        ok = false;
                    }
                }
                else
                {
                    Error(at, $"a reference has only '$from' and 'path'; '{member.Name}' is not allowed");
                    ok = false;
                }
            }
            if (!ok || from is null || !CheckStepId(step, from, at, "reference"))
            {
                return null;
            }
            if (!JsonPointer.TryParse(pointer, out var segments, out var pointerError))
            {
                Error(at, $"'{pointer}' is not a JSON pointer: {pointerError}");
                return null;
            }
            var source = _steps[_ids[from]];
            if (source.Tool is { } sourceTool)
            {
                var result = _owner.SchemasOf(sourceTool).Result;
                if (result is null)
                {
                    Error(at, $"step '{from}' calls '{sourceTool.Name}', which returns nothing to take a value from");
                    return null;
                }
                if (PlanTypes.Select(result.Value, segments, out var selected) is { } selectError)
                {
                    Error(at, $"'{pointer}' does not exist in the result of '{sourceTool.Name}' (step '{from}'): {selectError}");
                    return null;
                }
                if (target is { } wanted && PlanTypes.Fit(selected, wanted, where => TakesAnyNumber(step, position, relative, where)) is { } fitError)
                {
                    Error(at, $"the value of '{from}' {(pointer.Length == 0 ? "(its whole result)" : pointer)} does not fit here: {fitError}");
                    return null;
                }
            }
            return new PlanReference(from, pointer, segments, relative);
        }

        /// <summary>
        /// Whether the step's reader takes any finite double, of either sign, at <paramref name="where"/> below
        /// the reference at <paramref name="position"/>. A schema's <c>"number"</c> is also a decimal's or a
        /// float's, whose readers refuse most doubles, so the reader itself is asked: the arguments are
        /// checked with <c>±double.MaxValue</c> there. Only places in lists of lists are asked; below an
        /// object or a map the answer is no.
        /// </summary>
        private bool TakesAnyNumber(StepDraft step, int position, string relative, string where)
        {
            if (step.Tool is null)
            {
                return false;
            }
            var depth = 0;
            for (var rest = where; rest.Length > 0; rest = rest[2..], depth++)
            {
                if (!rest.StartsWith("[]", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            var leaf = relative;
            for (var i = 0; i < depth; i++)
            {
                leaf = JsonPath.Index(leaf, 0);
            }
            foreach (var probe in (double[])[double.MaxValue, double.MinValue])
            {
                var bytes = PlanReference.WriteArguments(step.Arguments, (writer, i) =>
                {
                    for (var d = 0; i == position && d < depth; d++)
                    {
                        writer.WriteStartArray();
                    }
                    if (i == position)
                    {
                        writer.WriteNumberValue(probe);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                    for (var d = 0; i == position && d < depth; d++)
                    {
                        writer.WriteEndArray();
                    }
                });
                IReadOnlyList<ToolError>? errors;
                try
                {
                    errors = _owner._tools.ValidateArguments(step.Tool.Name, bytes, _owner.Invocation);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    return false;
                }
                if (errors is null)
                {
                    // A tool set that cannot check arguments has them checked when the step runs.
                    return true;
                }
                if (errors.Any(e => e.Path == leaf))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
