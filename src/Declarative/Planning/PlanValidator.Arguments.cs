using System.Text.Json;

namespace Declarative.Planning;

// Each step's arguments: read by the tool's own reader, with every reference standing in as null.
public sealed partial class PlanValidator
{
    private sealed partial class Run
    {
        private void CheckArguments(StepDraft step)
        {
            if (step.Arguments.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var root = step.Path + ".arguments";
            SchemaType? parameters = step.Tool is { } tool ? _owner.SchemasOf(tool).Parameters : null;
            var found = new List<(JsonElement Reference, SchemaType? Target, string RelativePath)>();
            FindReferences(step.Arguments, parameters, "$", found);

            var uncheckedPositions = new HashSet<string>(StringComparer.Ordinal);
            var position = 0;
            foreach (var (reference, target, relative) in found)
            {
                if (ReadReference(step, reference, target, JsonPath.Under(root, relative), relative, position++) is { } parsed)
                {
                    step.References.Add(parsed);
                }
                if (target is not null)
                {
                    // The reader sees null here; whether the real value fits was checked above.
                    uncheckedPositions.Add(relative);
                }
            }

            if (step.Tool is null)
            {
                return;
            }
            IReadOnlyList<ToolError>? readerErrors;
            try
            {
                var bytes = PlanReference.WriteArguments(step.Arguments, static (writer, _) => writer.WriteNullValue());
                readerErrors = _owner._tools.ValidateArguments(step.Tool.Name, bytes, _owner.Invocation);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                readerErrors = [new ToolError("$", "the arguments could not be checked: " + exception.Message)];
            }
            foreach (var error in readerErrors ?? [])
            {
                if (!uncheckedPositions.Contains(error.Path))
                {
                    Error(JsonPath.Under(root, error.Path), error.Message);
                }
            }
            // The reader's errors at a reference's place are dropped above, as they concern the null written
            // for it; but a name given twice there is refused whatever the value, so it is reported here.
            foreach (var duplicate in DuplicatedNames(step.Arguments, "$").Where(uncheckedPositions.Contains).Distinct(StringComparer.Ordinal))
            {
                Error(JsonPath.Under(root, duplicate), "property appears more than once");
            }
        }

        // The paths of names given more than once in an object, in arguments (references are not entered).
        private static IEnumerable<string> DuplicatedNames(JsonElement value, string path)
        {
            if (PlanReference.IsReference(value))
            {
                yield break;
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    var at = JsonPath.Property(path, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        yield return at;
                    }
                    foreach (var inner in DuplicatedNames(property.Value, at))
                    {
                        yield return inner;
                    }
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var inner in DuplicatedNames(item, JsonPath.Index(path, i++)))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
