using System.Text.Json;

namespace Declarative.Orchestration;

// The build-time rules of pipelines and fan-outs, run when one is built at run time: the same ids and messages as
// the generator's diagnostics (DCL0025, DCL0026, DCL0030, DCL0031).
internal static class SequenceChecks
{
    public static void Sequential<TInput, TOutput>(string composition, Participant[] stages)
    {
        Common(composition, "sequential", "stages", stages);
        if (!Takes<TInput>(stages[0]))
        {
            throw new CompositionException("DCL0025", $"stage '{stages[0].Name}' cannot take the composition's input: it takes {InputName(stages[0])}, not {TypeName<TInput>()}");
        }
        var last = stages[^1];
        if (typeof(TOutput) != typeof(string) && last.OutputType != typeof(TOutput))
        {
            throw new CompositionException("DCL0025", $"the last stage '{last.Name}' answers with {OutputName(last)}, not the composition's result {TypeName<TOutput>()}");
        }
        for (var i = 1; i < stages.Length; i++)
        {
            var (previous, next) = (stages[i - 1], stages[i]);
            if (SchemaFit.Difference(previous.OutputSchema, OutputName(previous), next.InputSchema, InputName(next)) is { } difference)
            {
                throw new CompositionException("DCL0025", $"stage '{next.Name}' cannot take what stage '{previous.Name}' hands on: {difference}");
            }
        }
    }

    public static void Parallel<TInput>(string composition, Participant[] branches)
    {
        Common(composition, "parallel", "branches", branches);
        foreach (var branch in branches)
        {
            if (!Takes<TInput>(branch))
            {
                throw new CompositionException("DCL0026", $"branch '{branch.Name}' cannot take the composition's input: it takes {InputName(branch)}, not {TypeName<TInput>()}");
            }
        }
    }

    private static void Common(string composition, string kind, string what, Participant[] participants)
    {
        if (participants.Length < 2)
        {
            throw new CompositionException("DCL0031", $"the {kind} composition {composition} needs at least two {what}, but has {participants.Length}");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            ArgumentNullException.ThrowIfNull(participant, nameof(participants));
            if (!names.Add(participant.Name))
            {
                throw new CompositionException("DCL0030", $"two agents of {composition} are named '{participant.Name}'");
            }
        }
    }

    // A composition hands its own input over as a value: the participant must take that type (or text, for a string).
    private static bool Takes<TInput>(Participant participant)
        => participant.InputType == typeof(TInput) || (participant.InputType is null && typeof(TInput) == typeof(string));

    private static string TypeName<T>() => typeof(T) == typeof(string) ? "text" : typeof(T).Name;

    private static string InputName(Participant participant) => participant.InputTypeName ?? "text";

    private static string OutputName(Participant participant) => participant.OutputTypeName ?? "text";
}

// Whether what one agent hands on can be read by the next: values cross as JSON, so the schemas' structure decides.
internal static class SchemaFit
{
    // Null when it fits; otherwise "{from} and {to} differ at '{path}': {detail}".
    public static string? Difference(JsonElement? from, string fromName, JsonElement? to, string toName)
    {
        if (to is null)
        {
            return null;   // a text input takes anything: a typed answer arrives as its JSON
        }
        if (from is null)
        {
            return $"{fromName} and {toName} differ at '$': text in {fromName}, object in {toName}";
        }
        var detail = Compare(from.Value, to.Value, "$", fromName, toName, out var path);
        return detail is null ? null : $"{fromName} and {toName} differ at '{path}': {detail}";
    }

    private static string? Compare(JsonElement from, JsonElement to, string path, string fromName, string toName, out string at)
    {
        at = path;
        var (fromKind, toKind) = (Kind(from), Kind(to));
        if (fromKind is null || toKind is null)
        {
            return null;   // a schema without a type (any JSON) takes or gives anything
        }
        var fits = fromKind == toKind
            || (fromKind == "integer" && toKind == "number")
            || (fromKind == "enum" && toKind == "string");
        if (!fits)
        {
            return $"{fromKind} in {fromName}, {toKind} in {toName}";
        }
        if (fromKind == "enum" && toKind == "enum")
        {
            var allowed = to.GetProperty("enum").EnumerateArray().Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
            if (from.GetProperty("enum").EnumerateArray().Select(v => v.ToString()).FirstOrDefault(v => !allowed.Contains(v)) is { } extra)
            {
                return $"enum in {fromName} (with \"{extra}\"), enum in {toName} (without it)";
            }
            return null;
        }
        if (fromKind == "array")
        {
            return from.TryGetProperty("items", out var fromItems) && to.TryGetProperty("items", out var toItems)
                ? Compare(fromItems, toItems, path + "[*]", fromName, toName, out at)
                : null;
        }
        if (fromKind != "object")
        {
            return null;
        }
        var fromProperties = from.TryGetProperty("properties", out var fp) ? fp : default;
        var toProperties = to.TryGetProperty("properties", out var tp) ? tp : default;
        var required = to.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(v => v.GetString()).ToHashSet(StringComparer.Ordinal) : [];
        if (toProperties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in toProperties.EnumerateObject())
            {
                var propertyPath = path + "." + property.Name;
                if (fromProperties.ValueKind != JsonValueKind.Object || !fromProperties.TryGetProperty(property.Name, out var given))
                {
                    if (required.Contains(property.Name))
                    {
                        at = propertyPath;
                        return $"{toName} requires it, {fromName} does not have it";
                    }
                    continue;
                }
                if (Compare(given, property.Value, propertyPath, fromName, toName, out at) is { } difference)
                {
                    return difference;
                }
            }
        }
        var closed = to.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        if (closed && fromProperties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in fromProperties.EnumerateObject())
            {
                if (toProperties.ValueKind != JsonValueKind.Object || !toProperties.TryGetProperty(property.Name, out _))
                {
                    at = path + "." + property.Name;
                    return $"{fromName} has it, {toName} does not";
                }
            }
        }
        return null;
    }

    // string, integer, number, boolean, array, object or enum; null for a schema that says nothing (any JSON).
    private static string? Kind(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (schema.TryGetProperty("enum", out _))
        {
            return "enum";
        }
        if (!schema.TryGetProperty("type", out var type))
        {
            if (schema.TryGetProperty("anyOf", out var anyOf))
            {
                // A nullable written as anyOf [X, null]: X's kind.
                return anyOf.EnumerateArray().Select(Kind).FirstOrDefault(k => k is not null and not "null");
            }
            return null;
        }
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }
        if (type.ValueKind == JsonValueKind.Array)
        {
            return type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not "null");
        }
        return null;
    }
}
