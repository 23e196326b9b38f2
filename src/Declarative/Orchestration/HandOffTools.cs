using System.Text;
using System.Text.Json;

namespace Declarative.Orchestration;

/// <summary>A transfer one agent asked for: to whom, with what (the JSON as given and the message the target is shown).</summary>
internal sealed record HandOffRequest(int Target, string PayloadJson, string Message);

/// <summary>
/// Reads a hand-off payload for one target: the target's typed input (read with its TryReadInput), or
/// <c>{"reason": string}</c> for a text target. Returns the message the target is given.
/// </summary>
internal delegate bool HandOffPayloadReader(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors);

/// <summary>
/// The generated-at-run-time <c>transfer_to_&lt;target&gt;</c> tools of one participant, beside its own tools.
/// A valid call records the transfer in <see cref="Requested"/> (the turn ends after the tool calls of
/// that model turn); a malformed payload is a path-addressed error the model can fix.
/// </summary>
internal sealed class HandOffToolSet : IToolSet
{
    /// <summary>The schema of a text target's payload: one required <c>reason</c>.</summary>
    public const string ReasonSchema = """{"type":"object","properties":{"reason":{"type":"string","description":"Why the conversation is transferred, and what the next agent should do."}},"required":["reason"],"additionalProperties":false}""";

    private static readonly byte[] Accepted = Encoding.UTF8.GetBytes("\"transferred\"");

    private readonly ToolDescriptor[] _tools;
    private readonly int[] _targets;
    private readonly HandOffPayloadReader[] _readers;
    private readonly string[] _names;

    public HandOffToolSet(IReadOnlyList<(int Index, Participant Target, HandOffPayloadReader Reader)> targets)
    {
        _tools = new ToolDescriptor[targets.Count];
        _targets = new int[targets.Count];
        _readers = new HandOffPayloadReader[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            var (index, target, reader) = targets[i];
            var description = $"Transfer the conversation to {target.Name}" + (string.IsNullOrEmpty(target.Description) ? "." : ": " + target.Description);
            _tools[i] = new ToolDescriptor(ToolName(target.Name), description,
                target.InputSchema is { } schema ? schema.GetRawText() : ReasonSchema, returnSchemaJson: null);
            _targets[i] = index;
            _readers[i] = reader;
        }
        _names = [.. _tools.Select(t => t.Name)];
    }

    /// <summary>The hand-off tool's name for a target: <c>transfer_to_</c> and snake_case of its name.</summary>
    public static string ToolName(string participant) => "transfer_to_" + ConversationChecks.SnakeCase(participant);

    /// <summary>The transfer a valid call asked for in this turn, or null.</summary>
    public HandOffRequest? Requested { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<ToolDescriptor> Tools => _tools;

    /// <inheritdoc/>
    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        => InvokeAsync(toolName, utf8JsonArguments, ToolInvocationOptions.Default, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options,
                                             CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var at = Array.IndexOf(_names, toolName);
        if (at < 0)
        {
            return new(ToolResult.UnknownTool(toolName, _names));
        }
        if (Requested is { } earlier)
        {
            return new(ToolResult.Failure("$", $"the conversation is already being transferred ({_tools[Array.IndexOf(_targets, earlier.Target)].Name}); only one transfer per turn"));
        }
        var json = utf8JsonArguments.Length == 0 ? "{}"u8 : utf8JsonArguments.Span;
        if (!_readers[at](json, out var message, out var errors))
        {
            return new(ToolResult.Failure(errors.Count > 0 ? errors : [new ToolError("$", "the payload is not valid")]));
        }
        Requested = new HandOffRequest(_targets[at], Encoding.UTF8.GetString(json), message);
        return new(ToolResult.Success(Accepted));
    }

    /// <inheritdoc/>
    public IReadOnlyList<ToolError>? ValidateArguments(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options)
    {
        var at = Array.IndexOf(_names, toolName);
        if (at < 0)
        {
            return ToolResult.UnknownTool(toolName, _names).Errors;
        }
        var json = utf8JsonArguments.Length == 0 ? "{}"u8 : utf8JsonArguments.Span;
        return _readers[at](json, out _, out var errors) ? [] : errors;
    }

    /// <summary>Reads a text target's <c>{"reason": string}</c>.</summary>
    public static bool ReadReason(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
    {
        message = "";
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = [new ToolError("$", "expected an object with a 'reason' string")];
                return false;
            }
            var problems = new List<ToolError>();
            string? reason = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("reason"))
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        reason = property.Value.GetString();
                    }
                    else
                    {
                        problems.Add(new ToolError("$.reason", $"expected a string, got {property.Value.ValueKind.ToString().ToLowerInvariant()}"));
                    }
                }
                else
                {
                    problems.Add(new ToolError("$." + property.Name, "unknown property"));
                }
            }
            if (reason is null && !problems.Exists(p => p.Path == "$.reason"))
            {
                problems.Add(new ToolError("$.reason", "required"));
            }
            errors = problems;
            message = reason ?? "";
            return problems.Count == 0;
        }
        catch (JsonException ex)
        {
            errors = [new ToolError("$", "not valid JSON: " + ex.Message)];
            return false;
        }
    }
}

/// <summary>
/// A participant as it runs one hand-off turn: its own descriptor and tools plus its transfer tools. The
/// loop ends the turn after a model turn in which a transfer was accepted (<see cref="ITurnEnding"/>).
/// </summary>
internal sealed class HandOffTurnAgent : IAgent, ITurnEnding
{
    public HandOffTurnAgent(IAgent agent, HandOffToolSet transfers)
    {
        Transfers = transfers;
        Tools = transfers.Tools.Count == 0 ? agent.Tools : new CompositeToolSet(agent.Tools, transfers);
        var d = agent.Descriptor;
        Descriptor = new AgentDescriptor(d.Name, d.Instructions, [.. d.Tools, .. transfers.Tools], d.Description, d.Model,
            d.OutputSchema?.GetRawText(), d.OutputTypeName, d.InputSchema?.GetRawText(), d.InputTypeName);
    }

    public HandOffToolSet Transfers { get; }

    public AgentDescriptor Descriptor { get; }

    public IToolSet Tools { get; }

    public bool TurnEnded => Transfers.Requested is not null;
}

/// <summary>A run's agent that may end its turn from inside a tool call (a hand-off): the loop stops after that model turn's tool calls.</summary>
internal interface ITurnEnding
{
    /// <summary>Whether the turn is over.</summary>
    bool TurnEnded { get; }
}

/// <summary>A typed participant's hand-off turn: its answer is read with its own reader.</summary>
internal sealed class HandOffTurnAgent<TOutput>(IAgent<TOutput> agent, HandOffToolSet transfers) : IAgent<TOutput>, ITurnEnding
{
    private readonly HandOffTurnAgent _inner = new(agent, transfers);

    public HandOffToolSet Transfers => transfers;

    public AgentDescriptor Descriptor => _inner.Descriptor;

    public IToolSet Tools => _inner.Tools;

    public bool TurnEnded => _inner.TurnEnded;

    public bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out TOutput output, out IReadOnlyList<ToolError> errors)
        => agent.TryReadOutput(utf8Json, out output, out errors);
}
