using System.Text;
using System.Text.Json;

namespace Declarative.Orchestration;

/// <summary>
/// The one tool of a specialist (<see cref="AgentTool.Create"/>): its descriptor is marked so the
/// <see cref="AgentRunner"/> runs the specialist as a nested run of the manager's; invoked any other way it
/// returns an error saying so.
/// </summary>
internal sealed class SpecialistToolSet : IToolSet
{
    /// <summary>The arguments schema of a specialist that takes text: one required <c>request</c> string.</summary>
    public const string RequestSchema = """{"type":"object","properties":{"request":{"type":"string","description":"What to ask the specialist, in words."}},"required":["request"],"additionalProperties":false}""";

    private const string TextResultSchema = """{"type":"string"}""";

    public SpecialistToolSet(Participant participant, string toolName)
    {
        Participant = participant;
        Name = toolName;
        var parameters = participant.InputType is null || participant.InputSchema is not { } input ? RequestSchema : input.GetRawText();
        var result = participant.OutputType is null || participant.OutputSchema is not { } output ? TextResultSchema : output.GetRawText();
        Descriptor = new ToolDescriptor(toolName, participant.Description ?? "", parameters, result, requiresApproval: false, readOnly: false)
        {
            Specialist = this,
        };
        Tools = [Descriptor];
    }

    /// <summary>The specialist.</summary>
    public Participant Participant { get; }

    /// <summary>The tool's name.</summary>
    public string Name { get; }

    /// <summary>The tool's descriptor.</summary>
    public ToolDescriptor Descriptor { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ToolDescriptor> Tools { get; }

    /// <inheritdoc/>
    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(toolName, Name, StringComparison.Ordinal))
        {
            return new(ToolResult.UnknownTool(toolName, [Name]));
        }
        return new(ToolResult.Failure("$",
            $"'{Name}' runs the agent '{Participant.Name}' as a nested run, which only an AgentRunner can do: run the manager with AgentRunner.RunAsync instead of invoking its tools directly"));
    }

    /// <summary>Reads what the manager asked for: the typed input's JSON, or the <c>request</c> of a text specialist.</summary>
    public bool TryReadRequest(byte[] arguments, out ParticipantInput input, out IReadOnlyList<ToolError> errors)
    {
        if (Participant.InputType is not null)
        {
            input = ParticipantInput.FromJson(arguments);
            errors = [];
            return true;
        }
        input = default;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = [new ToolError("$", $"expected an object with a \"request\" string, got {Kind(root)}")];
                return false;
            }
            var found = new List<ToolError>();
            string? request = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("request"))
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        request = property.Value.GetString();
                    }
                    else
                    {
                        found.Add(new ToolError("$.request", $"expected string, got {Kind(property.Value)}"));
                    }
                }
                else
                {
                    found.Add(new ToolError("$." + property.Name, "unknown property; the only one is \"request\""));
                }
            }
            if (request is null && found.Count == 0)
            {
                found.Add(new ToolError("$.request", "required"));
            }
            errors = found;
            if (found.Count > 0)
            {
                return false;
            }
            input = ParticipantInput.FromText(request!);
            return true;
        }
        catch (JsonException exception)
        {
            errors = [new ToolError("$", "the arguments are not valid JSON: " + exception.Message)];
            return false;
        }
    }

    /// <summary>The specialist's answer as the tool's result: the typed answer's JSON, or the text as a JSON string.</summary>
    public static ToolResult Result(ChildOutcome outcome)
        => ToolResult.Success(outcome.OutputJson is { } json
            ? Encoding.UTF8.GetBytes(json)
            : JsonSerializer.SerializeToUtf8Bytes(outcome.Text ?? "", Serialization.SerializationContext.Default.String));

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };
}
