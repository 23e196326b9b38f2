namespace Declarative.Orchestration;

/// <summary>How a composition's run ended (<see cref="CompositionRunResult{TOutput}.Status"/>).</summary>
public enum CompositionRunStatus
{
    /// <summary>It produced its result.</summary>
    Completed,

    /// <summary>
    /// An agent's run did not complete (a limit, an invalid answer, a model error, a guardrail): a sequence
    /// stops at that stage; a parallel step lets the other branches finish. <see cref="CompositionRunResult{TOutput}.FailedAgent"/>
    /// names it and <see cref="CompositionRunResult{TOutput}.FailedAgentStatus"/> says how it ended.
    /// </summary>
    AgentFailed,

    /// <summary>What one agent handed on (or the composition's input) could not be read as the next agent's input; the reason has the path-addressed errors.</summary>
    InvalidHandOver,

    /// <summary>The run's budget (<see cref="AgentRunOptions.Budget"/>, across all agents) ran out.</summary>
    BudgetExceeded,

    /// <summary>The run reached <see cref="MultiAgentLimits.MaxAgentInvocations"/>.</summary>
    AgentInvocationLimitReached,

    /// <summary>A hand-off composition reached <see cref="HandOffOptions.MaxHandOffs"/>.</summary>
    HandOffLimitReached,

    /// <summary>A group chat reached <see cref="GroupChatOptions.MaxRounds"/> without another ending.</summary>
    RoundLimitReached,

    /// <summary>A parallel composition's join threw; the reason has its message.</summary>
    JoinFailed,

    /// <summary>A group chat's speaker selector named no participant (the model after its retries, or code), or threw.</summary>
    SpeakerSelectionFailed,

    /// <summary>A group chat with a typed result ended (its phrase, judge or selector) before a finishing participant gave one.</summary>
    EndedWithoutResult,
}
