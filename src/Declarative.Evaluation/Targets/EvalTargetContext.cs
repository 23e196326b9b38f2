using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>What the harness gives a target for one run: the chat client to use, the case's limits and who it is for.</summary>
public sealed class EvalTargetContext
{
    /// <summary>The case being run.</summary>
    public required string CaseId { get; init; }

    /// <summary>The repetition, from 1.</summary>
    public required int Repetition { get; init; }

    /// <summary>
    /// The chat client to run the target with: the harness's response cache and transient-error retries over the
    /// user's client. A target that made its own client would bypass both, and the report would not count its calls.
    /// </summary>
    public required IChatClient ChatClient { get; init; }

    /// <summary>The case's budget (<see cref="EvalOptions.CaseBudget"/>), to apply to the run.</summary>
    public UsageBudget? Budget { get; init; }

    /// <summary>The case's time limit (<see cref="EvalOptions.CaseTimeout"/>), to apply to the run.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The prices of the models (<see cref="EvalOptions.Prices"/>), so runs report their cost.</summary>
    public PriceTable? Prices { get; init; }
}
