using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>What happened to a tool call.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToolCallOutcome>))]
public enum ToolCallOutcome
{
    /// <summary>The tool ran and returned a result.</summary>
    Succeeded,

    /// <summary>The arguments were refused, or the tool threw.</summary>
    Failed,

    /// <summary>The tool is unknown or outside the agent's scope; nothing ran.</summary>
    Refused,

    /// <summary>Approval was denied; nothing ran.</summary>
    Denied,

    /// <summary>The tool ran past its time limit and was cancelled.</summary>
    TimedOut,

    /// <summary>The run was cancelled or ran out of time while the call waited for approval or ran; it may not have finished.</summary>
    Cancelled,

    /// <summary>A tool guardrail stopped the call; nothing ran.</summary>
    Blocked,
}
