namespace Declarative.Orchestration;

/// <summary>How a composition's executor ended, before it becomes a <see cref="CompositionRunResult{TOutput}"/>.</summary>
internal sealed class CompositionOutcome
{
    /// <summary>How it ended.</summary>
    public required CompositionRunStatus Status { get; init; }

    /// <summary>Why, when it did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>The agent whose failure ended it.</summary>
    public string? FailedAgent { get; init; }

    /// <summary>How that agent's run ended.</summary>
    public AgentRunStatus? FailedAgentStatus { get; init; }

    /// <summary>The result (a <see cref="string"/> for a text result), when it completed.</summary>
    public object? Output { get; init; }

    /// <summary>The result as text.</summary>
    public string? Text { get; init; }

    /// <summary>For a group chat: why it ended; null for the other kinds.</summary>
    public GroupChatEnding? Ending { get; init; }

    /// <summary>It completed with <paramref name="output"/> (the typed result, or the text for a text result).</summary>
    public static CompositionOutcome Completed(object? output, string? text)
        => new() { Status = CompositionRunStatus.Completed, Output = output, Text = text };

    /// <summary>It completed with <paramref name="last"/>'s answer.</summary>
    public static CompositionOutcome CompletedWith(ChildOutcome last)
        => Completed(last.OutputJson is null ? last.Text : last.Output, last.HandedOn);

    /// <summary>
    /// It ended because <paramref name="failed"/> did not complete: a budget or the invocation limit keeps its own
    /// status; anything else is <see cref="CompositionRunStatus.AgentFailed"/>.
    /// </summary>
    /// <param name="failed">The agent's outcome.</param>
    /// <param name="context">Where it failed, for the reason ("stage 2 of 3"), or null.</param>
    public static CompositionOutcome Failed(ChildOutcome failed, string? context = null) => new()
    {
        Status = failed.Status switch
        {
            AgentRunStatus.BudgetExceeded => CompositionRunStatus.BudgetExceeded,
            AgentRunStatus.AgentInvocationLimitReached => CompositionRunStatus.AgentInvocationLimitReached,
            _ => CompositionRunStatus.AgentFailed,
        },
        Reason = (context is null ? "" : context + ": ") + failed.Describe(),
        FailedAgent = failed.Participant.Name,
        FailedAgentStatus = failed.Status,
        Text = failed.Text,
    };

    /// <summary>It ended because <paramref name="participant"/> could not read what it was handed.</summary>
    public static CompositionOutcome InvalidHandOver(Participant participant, string what, IReadOnlyList<ToolError> errors) => new()
    {
        Status = CompositionRunStatus.InvalidHandOver,
        Reason = $"'{participant.Name}' could not read {what}: " + string.Join("; ", errors),
        FailedAgent = participant.Name,
    };

    /// <summary>It ended for a reason of its own (a limit of the composition, a join that threw).</summary>
    public static CompositionOutcome Stopped(CompositionRunStatus status, string reason, string? agent = null)
        => new() { Status = status, Reason = reason, FailedAgent = agent };

    /// <summary>The status its trace records (a trace speaks <see cref="AgentRunStatus"/>).</summary>
    public AgentRunStatus TraceStatus => Status switch
    {
        CompositionRunStatus.Completed => AgentRunStatus.Completed,
        CompositionRunStatus.AgentFailed => FailedAgentStatus ?? AgentRunStatus.ModelError,
        CompositionRunStatus.BudgetExceeded => AgentRunStatus.BudgetExceeded,
        CompositionRunStatus.AgentInvocationLimitReached => AgentRunStatus.AgentInvocationLimitReached,
        CompositionRunStatus.HandOffLimitReached or CompositionRunStatus.RoundLimitReached or CompositionRunStatus.EndedWithoutResult => AgentRunStatus.MaxIterationsReached,
        CompositionRunStatus.SpeakerSelectionFailed => AgentRunStatus.ModelError,
        _ => AgentRunStatus.InvalidOutput,
    };
}
