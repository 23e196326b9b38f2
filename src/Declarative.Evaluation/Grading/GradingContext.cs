using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>What a grader is given: the case, the run, and a chat client for judges.</summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class GradingContext<TInput, TOutput>
{
    private IReadOnlyList<TraceNode>? _steps;

    /// <summary>The case.</summary>
    public required EvalCase<TInput, TOutput> Case { get; init; }

    /// <summary>The run.</summary>
    public required EvalRun<TOutput> Run { get; init; }

    /// <summary>The repetition, from 1.</summary>
    public required int Repetition { get; init; }

    /// <summary>The harness's chat client (cached, with retries), for judges.</summary>
    public required IChatClient ChatClient { get; init; }

    /// <summary>The prices of the models, so judges report their cost.</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>The run's trace, every step at every depth, in order (computed once, shared by the graders).</summary>
    public IReadOnlyList<TraceNode> Steps => _steps ??= TraceNode.Walk(Run.Trace);
}
