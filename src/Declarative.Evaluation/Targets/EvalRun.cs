namespace Declarative.Evaluation;

/// <summary>What graders see of one run of the target on one case: how it ended, its answer and its trace.</summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed record EvalRun<TOutput>
{
    /// <summary>The run's trace: every model call, tool call, plan step and nested agent, with usage and cost.</summary>
    public required RunTrace Trace { get; init; }

    /// <summary>Whether the run completed with an answer.</summary>
    public bool Completed { get; init; }

    /// <summary>How the run ended, in the runner's word (<c>Completed</c>, <c>BudgetExceeded</c>, <c>ModelError</c>, …).</summary>
    public string? Status { get; init; }

    /// <summary>Why it ended, in words, when it did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>The typed answer (for a text agent, its text), when the run completed.</summary>
    public TOutput? Output { get; init; }

    /// <summary>The answer's text (a typed answer's JSON), when there is one.</summary>
    public string? Text { get; init; }

    /// <summary>The exception's message, when the target threw instead of ending a run (then <see cref="Trace"/> is empty).</summary>
    public string? Error { get; init; }
}
