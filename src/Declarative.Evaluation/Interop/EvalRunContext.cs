using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation;

/// <summary>
/// A case and one run of it, handed to Microsoft.Extensions.AI.Evaluation as additional context: how a
/// <see cref="GraderEvaluator{TInput, TOutput}"/> gets the typed case, the typed answer and the trace that its graders
/// read. <see cref="EvaluatorGrader"/> passes one to every evaluator it runs.
/// </summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class EvalRunContext<TInput, TOutput> : EvaluationContext
{
    /// <summary>The name this context has in evaluation results.</summary>
    public const string ContextName = "Declarative eval run";

    /// <summary>Creates the context.</summary>
    /// <param name="evalCase">The case.</param>
    /// <param name="run">The run.</param>
    /// <param name="repetition">The repetition, from 1.</param>
    /// <param name="prices">Model prices, so judges run by the graders report their cost.</param>
    public EvalRunContext(EvalCase<TInput, TOutput> evalCase, EvalRun<TOutput> run, int repetition = 1, PriceTable? prices = null)
        : base(ContextName, Describe(evalCase, run, repetition))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        Case = evalCase;
        Run = run;
        Repetition = repetition;
        Prices = prices;
    }

    /// <summary>The case.</summary>
    public EvalCase<TInput, TOutput> Case { get; }

    /// <summary>The run.</summary>
    public EvalRun<TOutput> Run { get; }

    /// <summary>The repetition, from 1.</summary>
    public int Repetition { get; }

    /// <summary>Model prices for judges, or null.</summary>
    public PriceTable? Prices { get; }

    // What MEAI's reports show for this context: which case and run, in a line.
    private static AIContent[] Describe(EvalCase<TInput, TOutput> evalCase, EvalRun<TOutput> run, int repetition)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        ArgumentNullException.ThrowIfNull(run);
        return [new TextContent(string.Create(CultureInfo.InvariantCulture,
            $"case {evalCase.Id}, repetition {repetition}: {(run.Error is not null ? "threw" : run.Status ?? "ran")}"))];
    }
}
