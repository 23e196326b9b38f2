namespace Declarative.Reflection;

/// <summary>Limits and reviewers of a reflection loop. Every limit ends the loop with a <see cref="ReflectionStatus"/>, never an exception.</summary>
public sealed record ReflectionOptions
{
    /// <summary>The defaults.</summary>
    public static ReflectionOptions Default { get; } = new();

    /// <summary>Most rounds (drafts) in all, the first included. Default 3.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>
    /// Stop with <see cref="ReflectionStatus.NoImprovement"/> when this many rounds in a row fail in the same
    /// way (the same checks, criteria and finding paths). Default 2 (the same failures twice); 0 never stops for it.
    /// </summary>
    public int StopAfterRepeatedFailures { get; init; } = 2;

    /// <summary>Options of each producer and critic run inside the loop (tools, limits, approvals, prices, clock).</summary>
    public AgentRunOptions Run { get; init; } = AgentRunOptions.Default;

    /// <summary>Tokens and money over the whole loop, producer and critic together. Default none.</summary>
    public UsageBudget? Budget { get; init; }

    /// <summary>Time for the whole loop. Default none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// A reviewer beside (or instead of) the agent's critic: a person, or any code, giving the same
    /// <see cref="RubricVerdict"/>. Asked after the checks and the critic, every round.
    /// </summary>
    public IReviewHandler? Reviewer { get; init; }
}

/// <summary>What a reviewer is shown: the task, the candidate, and what the checks and the critic said.</summary>
/// <param name="AgentName">The producer.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Task">The user's request.</param>
/// <param name="Candidate">The candidate answer, as the producer wrote it (JSON).</param>
/// <param name="Checks">Each check's name and result.</param>
/// <param name="CriticVerdict">The critic's verdict this round, if there is a critic.</param>
public sealed record ReviewRequest(string AgentName, int Round, string Task, string Candidate, IReadOnlyList<CheckOutcome> Checks, RubricVerdict? CriticVerdict);

/// <summary>A reviewer of candidates: the human critic's contract (like <see cref="IToolApprovalHandler"/> for approvals).</summary>
public interface IReviewHandler
{
    /// <summary>Judges a candidate.</summary>
    /// <param name="request">What to judge.</param>
    /// <param name="cancellationToken">Stops the review.</param>
    ValueTask<RubricVerdict> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken);
}

/// <summary>A reviewer from a delegate.</summary>
/// <param name="review">Judges a candidate.</param>
public sealed class DelegateReviewHandler(Func<ReviewRequest, CancellationToken, ValueTask<RubricVerdict>> review) : IReviewHandler
{
    /// <inheritdoc/>
    public ValueTask<RubricVerdict> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken) => review(request, cancellationToken);
}
