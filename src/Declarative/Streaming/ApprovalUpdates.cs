namespace Declarative.Streaming;

/// <summary>A call to an approval-required tool waits for a decision (from <see cref="AgentRunOptions.ApprovalHandler"/>).</summary>
public sealed record ApprovalRequested : AgentRunUpdate
{
    internal ApprovalRequested(int iteration, int stepIndex, string callId, string toolName, string arguments)
        : base(iteration, stepIndex)
    {
        CallId = callId;
        ToolName = toolName;
        Arguments = arguments;
    }

    /// <summary>The model's id for the call.</summary>
    public string CallId { get; }

    /// <summary>The tool.</summary>
    public string ToolName { get; }

    /// <summary>The arguments to approve, as JSON text (exactly what will run if approved).</summary>
    public string Arguments { get; }
}

/// <summary>The decision on an approval-required call. Without a handler the call is denied, and this says so.</summary>
public sealed record ApprovalDecided : AgentRunUpdate
{
    internal ApprovalDecided(int iteration, int stepIndex, string callId, string toolName, bool approved, string? reason)
        : base(iteration, stepIndex)
    {
        CallId = callId;
        ToolName = toolName;
        Approved = approved;
        Reason = reason;
    }

    /// <summary>The model's id for the call.</summary>
    public string CallId { get; }

    /// <summary>The tool.</summary>
    public string ToolName { get; }

    /// <summary>Whether the call may run.</summary>
    public bool Approved { get; }

    /// <summary>Who or what decided, and why.</summary>
    public string? Reason { get; }
}
