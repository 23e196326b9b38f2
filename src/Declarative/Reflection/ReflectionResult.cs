using Microsoft.Extensions.AI;

namespace Declarative.Reflection;

/// <summary>How a reflection loop ended.</summary>
public enum ReflectionStatus
{
    /// <summary>A candidate passed every check and every rubric criterion.</summary>
    Accepted,

    /// <summary>Every round was used and the last candidate still failed.</summary>
    RoundLimitReached,

    /// <summary>Rounds in a row failed in the same way (<see cref="ReflectionOptions.StopAfterRepeatedFailures"/>).</summary>
    NoImprovement,

    /// <summary>The loop's token or money budget was used up.</summary>
    BudgetExceeded,

    /// <summary>The loop took longer than <see cref="ReflectionOptions.Timeout"/>.</summary>
    TimedOut,

    /// <summary>The producer's run did not end with an answer (its status and reason are in <see cref="ReflectionResult{TOutput}.Reason"/>).</summary>
    ProducerFailed,

    /// <summary>The critic's run did not end with a verdict.</summary>
    CriticFailed,
}

/// <summary>The result of one check in a round.</summary>
/// <param name="Name">The check.</param>
/// <param name="Result">What it said.</param>
/// <param name="Duration">How long it took.</param>
public sealed record CheckOutcome(string Name, CheckResult Result, TimeSpan Duration);

/// <summary>One round of a reflection loop: the candidate, and what the checks, the critic and the reviewer said.</summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class ReflectionRound<TOutput>
{
    internal ReflectionRound(int number, string? text, TOutput? candidate, IReadOnlyList<CheckOutcome> checks, RubricVerdict? verdict,
                             RubricVerdict? review, bool accepted, string? feedback)
    {
        Number = number;
        Text = text;
        Candidate = candidate;
        Checks = checks;
        Verdict = verdict;
        Review = review;
        Accepted = accepted;
        Feedback = feedback;
    }

    /// <summary>The round, from 1.</summary>
    public int Number { get; }

    /// <summary>The candidate as the producer wrote it.</summary>
    public string? Text { get; }

    /// <summary>The candidate.</summary>
    public TOutput? Candidate { get; }

    /// <summary>Every check's result, in declaration order.</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; }

    /// <summary>The critic's verdict, when the agent has a critic.</summary>
    public RubricVerdict? Verdict { get; }

    /// <summary>The reviewer's verdict, when the loop has a reviewer.</summary>
    public RubricVerdict? Review { get; }

    /// <summary>Whether the candidate passed everything.</summary>
    public bool Accepted { get; }

    /// <summary>The revision request this round's failures produced (null when accepted, or when no round followed).</summary>
    public string? Feedback { get; }
}

/// <summary>The outcome of a reflection loop.</summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class ReflectionResult<TOutput>
{
    internal ReflectionResult(ReflectionStatus status, string? reason, TOutput? value, IReadOnlyList<ReflectionRound<TOutput>> rounds,
                              IReadOnlyList<ChatMessage> messages, RunTrace trace)
    {
        Status = status;
        Reason = reason;
        Value = value;
        Rounds = rounds;
        Messages = messages;
        Trace = trace;
    }

    /// <summary>How the loop ended.</summary>
    public ReflectionStatus Status { get; }

    /// <summary>Why, when it did not accept a candidate.</summary>
    public string? Reason { get; }

    /// <summary>Whether a candidate was accepted.</summary>
    public bool IsAccepted => Status == ReflectionStatus.Accepted;

    /// <summary>The accepted answer (default unless <see cref="IsAccepted"/>).</summary>
    public TOutput? Value { get; }

    /// <summary>Every round: each version with the feedback that produced the next one.</summary>
    public IReadOnlyList<ReflectionRound<TOutput>> Rounds { get; }

    /// <summary>The producer's conversation, revision requests included.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Every step of the loop: the producer's and the critic's model and tool calls, every check, every round's end.</summary>
    public RunTrace Trace { get; }
}
