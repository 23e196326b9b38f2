using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>A call to a tool.</summary>
public sealed class ToolCallStep : TraceStep
{
    /// <summary>The tool the model named.</summary>
    public required string ToolName { get; init; }

    /// <summary>The model's id for the call, echoed with the result.</summary>
    public required string CallId { get; init; }

    private readonly string? _arguments;
    private readonly byte[]? _argumentsUtf8;

    /// <summary>The arguments as JSON text (exactly as passed to the tool).</summary>
    public string Arguments
    {
        // The runner hands over the UTF-8 bytes the tool read; they are decoded on first read, since
        // most traces are summarized, not read call by call.
        get => _arguments ?? (_argumentsUtf8 is null ? "{}" : System.Text.Encoding.UTF8.GetString(_argumentsUtf8));
        init => _arguments = value;
    }

    // The arguments as the tool read them, for the runner; Arguments decodes them when read.
    internal byte[]? ArgumentsUtf8
    {
        init => _argumentsUtf8 = value;
    }

    /// <summary>The result as JSON text, on success.</summary>
    public string? Result { get; init; }

    /// <summary>The errors, when it failed.</summary>
    public IReadOnlyList<ToolError> Errors { get; init; } = [];

    /// <summary>What happened.</summary>
    public ToolCallOutcome Outcome { get; init; }

    /// <summary>Whether the call ended in an error of any kind.</summary>
    [JsonIgnore]
    public bool IsError => Outcome != ToolCallOutcome.Succeeded;

    /// <summary>The approval decision, for tools that require one.</summary>
    public bool? Approved { get; init; }

    /// <summary>Who or what decided, and why (from the approval handler).</summary>
    public string? ApprovalReason { get; init; }

    /// <summary>When the tool is a specialist agent (<see cref="Orchestration.AgentTool"/>): its nested run; null for every other tool.</summary>
    public AgentInvocationStep? Agent { get; init; }
}
