using System.Text.Json;
using Declarative.Orchestration;
using Declarative.Testing;

namespace Declarative.Agents.Tests;

public sealed record Brief(string Topic, int Pages);

public sealed record Notes(string Topic, IReadOnlyList<string> Facts);

public sealed record Draft(string Title, string Body);

/// <summary>
/// Typed agents written by hand (the generator emits the same members for <c>[Agent(InputType = ...)]</c>): inputs
/// and answers read and written with System.Text.Json, each error reported at "$".
/// </summary>
internal static class Schemas
{
    public const string Brief = """{"type":"object","properties":{"topic":{"type":"string"},"pages":{"type":"integer"}},"required":["topic","pages"],"additionalProperties":false}""";
    public const string Notes = """{"type":"object","properties":{"topic":{"type":"string"},"facts":{"type":"array","items":{"type":"string"}}},"required":["topic","facts"],"additionalProperties":false}""";
    public const string Draft = """{"type":"object","properties":{"title":{"type":"string"},"body":{"type":"string"}},"required":["title","body"],"additionalProperties":false}""";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow, RespectRequiredConstructorParameters = true };

    public static bool TryRead<T>(ReadOnlySpan<byte> json, out T value, out IReadOnlyList<ToolError> errors)
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Json)!;
            if (value is null)
            {
                errors = [new ToolError("$", "expected an object, got null")];
                return false;
            }
            errors = [];
            return true;
        }
        catch (JsonException exception)
        {
            value = default!;
            errors = [new ToolError(exception.Path ?? "$", exception.Message)];
            return false;
        }
    }
}

/// <summary>An agent with a typed input and answer.</summary>
internal sealed class TypedAgent<TIn, TOut>(string name, string inputSchema, string outputSchema, string? model = null, IToolSet? tools = null,
                                            string? description = null, Func<TIn, string>? template = null) : IAgent<TIn, TOut>
{
    public AgentDescriptor Descriptor { get; } = new(name, "You are " + name + ".", (tools ?? new CompositeToolSet()).Tools, description, model ?? name,
        outputSchema, typeof(TOut).Name, inputSchema, typeof(TIn).Name);

    public IToolSet Tools { get; } = tools ?? new CompositeToolSet();

    public bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out TOut output, out IReadOnlyList<ToolError> errors) => Schemas.TryRead(utf8Json, out output, out errors);

    public string FormatInput(TIn input) => template?.Invoke(input) ?? JsonSerializer.Serialize(input, Schemas.Json);

    public bool TryReadInput(ReadOnlySpan<byte> utf8Json, out TIn input, out IReadOnlyList<ToolError> errors) => Schemas.TryRead(utf8Json, out input, out errors);
}

/// <summary>An agent with a typed input that answers in text.</summary>
internal sealed class InputAgent<TIn>(string name, string inputSchema, string? model = null, IToolSet? tools = null, string? description = null) : IAgentWithInput<TIn>
{
    public AgentDescriptor Descriptor { get; } = new(name, "You are " + name + ".", (tools ?? new CompositeToolSet()).Tools, description, model ?? name,
        inputSchemaJson: inputSchema, inputTypeName: typeof(TIn).Name);

    public IToolSet Tools { get; } = tools ?? new CompositeToolSet();

    public string FormatInput(TIn input) => JsonSerializer.Serialize(input, Schemas.Json);

    public bool TryReadInput(ReadOnlySpan<byte> utf8Json, out TIn input, out IReadOnlyList<ToolError> errors) => Schemas.TryRead(utf8Json, out input, out errors);
}

/// <summary>An agent that takes text and gives a typed answer.</summary>
internal sealed class OutputAgent<TOut>(string name, string outputSchema, string? model = null, IToolSet? tools = null, string? description = null) : IAgent<TOut>
{
    public AgentDescriptor Descriptor { get; } = new(name, "You are " + name + ".", (tools ?? new CompositeToolSet()).Tools, description, model ?? name,
        outputSchema, typeof(TOut).Name);

    public IToolSet Tools { get; } = tools ?? new CompositeToolSet();

    public bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out TOut output, out IReadOnlyList<ToolError> errors) => Schemas.TryRead(utf8Json, out output, out errors);
}

/// <summary>One scripted model per agent (each agent's descriptor asks for the model named after it).</summary>
internal sealed class Models
{
    private readonly Dictionary<string, ScriptedChatClient> _clients = [];

    public ModelRegistry Registry { get; } = new(defaultClient: null, unknownToDefault: false);

    public ScriptedChatClient this[string agent]
    {
        get
        {
            if (!_clients.TryGetValue(agent, out var client))
            {
                client = new ScriptedChatClient { ModelId = agent };
                _clients[agent] = client;
                Registry.Add(agent, client);
            }
            return client;
        }
    }

    public AgentRunner Runner(AgentRunOptions? options = null) => new(Registry, options);
}
