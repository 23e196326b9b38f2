using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>An <see cref="AIFunction"/> over one tool of a generated <see cref="IToolSet"/>.</summary>
/// <remarks>
/// Arguments arrive as <see cref="AIFunctionArguments"/> (usually <see cref="JsonElement"/> values
/// parsed by the chat client); they are written back to UTF-8 once and read by the generated reader,
/// so validation is exactly that of <see cref="IToolSet.InvokeAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>.
/// A refused call or a tool that threw returns a JSON object <c>{"error": "...", "errors": [{"path", "message"}]}</c>
/// so the model can correct itself, rather than an exception.
/// </remarks>
internal sealed class ToolSetAIFunction(IToolSet toolSet, ToolDescriptor descriptor, ToolInvocationOptions options) : AIFunction
{
    public override string Name => descriptor.Name;

    public override string Description => descriptor.Description;

    public override JsonElement JsonSchema => descriptor.ParametersSchema;

    public override JsonElement? ReturnJsonSchema => descriptor.ReturnSchema;

    /// <summary>
    /// <c>declarative.requiresApproval</c>, <c>declarative.readOnly</c> and, when the tool has one,
    /// <c>declarative.strictParametersSchema</c> (a <see cref="JsonElement"/>) for chat clients that
    /// support strict function calling.
    /// </summary>
    public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } = Properties(descriptor);

    private static Dictionary<string, object?> Properties(ToolDescriptor descriptor)
    {
        var properties = new Dictionary<string, object?>
        {
            ["declarative.requiresApproval"] = descriptor.RequiresApproval,
            ["declarative.readOnly"] = descriptor.ReadOnly,
        };
        if (descriptor.StrictParametersSchema is { } strict)
        {
            properties["declarative.strictParametersSchema"] = strict;
        }
        return properties;
    }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var utf8Arguments = ArgumentsJson.FromDictionary(arguments);

        var result = await toolSet.InvokeAsync(descriptor.Name, utf8Arguments, options, cancellationToken).ConfigureAwait(false);
        if (!result.IsError)
        {
            return result.Value;
        }

        var errorBuffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(errorBuffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", result.ToString());
            writer.WriteStartArray("errors");
            foreach (var error in result.Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("path", error.Path);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return JsonElement.Parse(errorBuffer.WrittenSpan);
    }
}
