using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation;

/// <summary>
/// Runs any Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/> as one of our graders: its metrics become one
/// <see cref="Grade"/>, failed when any metric's interpretation failed (see <see cref="EvaluationResults.ToGrade"/>).
/// </summary>
/// <remarks>
/// <para>The evaluator sees the case's input as the user's request and, as the response, the run rebuilt from its trace:
/// each model turn that called tools (names and arguments), each tool's result, then the answer — the shape a
/// function-invoking chat client returns. Its <see cref="ChatConfiguration"/> wraps
/// <see cref="GradingContext{TInput, TOutput}.ChatClient"/>, the harness's cached client, and what the evaluator spends
/// through it is reported as <see cref="Grade.JudgeUsage"/> and <see cref="Grade.JudgeCost"/>.</para>
/// <para>Its additional context holds an <see cref="EvalRunContext{TInput, TOutput}"/> (the typed case and run) and
/// whatever <c>additionalContext</c> adds (a grounding document for a groundedness evaluator, say). An evaluator that
/// throws gives a failed grade that says so.</para>
/// </remarks>
/// <example>
/// <code>
/// var graders = new[] { EvaluatorGrader.Create&lt;string, string&gt;(new CoherenceEvaluator()) };
/// </code>
/// </example>
public static class EvaluatorGrader
{
    /// <summary>A grader that runs an evaluator on each run's answer.</summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="evaluator">The evaluator.</param>
    /// <param name="name">The grader's name; default the evaluator's type name.</param>
    /// <param name="component">The component graded; default the answer.</param>
    /// <param name="additionalContext">More context for the evaluator, per case and run; null for none.</param>
    public static Grader<TInput, TOutput> Create<TInput, TOutput>(IEvaluator evaluator, string? name = null, string component = Components.Answer,
        Func<GradingContext<TInput, TOutput>, IEnumerable<EvaluationContext>>? additionalContext = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return new Adapter<TInput, TOutput>(name ?? evaluator.GetType().Name, component, evaluator, additionalContext);
    }

    private sealed class Adapter<TInput, TOutput>(string name, string component, IEvaluator evaluator,
        Func<GradingContext<TInput, TOutput>, IEnumerable<EvaluationContext>>? additionalContext)
        : Grader<TInput, TOutput>(name, component)
    {
        public override async ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Run.Error is { } error)
            {
                return [RubricJudge.Failed(Name, Component, "no run to evaluate: the target threw: " + error)];
            }
            var started = Stopwatch.GetTimestamp();
            var metered = new MeteredChatClient(context.ChatClient, context.Prices);
            Grade grade;
            try
            {
                List<EvaluationContext> extra = [new EvalRunContext<TInput, TOutput>(context.Case, context.Run, context.Repetition, context.Prices)];
                if (additionalContext is not null)
                {
                    extra.AddRange(additionalContext(context) ?? []);
                }
                var result = await evaluator.EvaluateAsync([TraceConversation.Request(context.Case)], TraceConversation.Response(context.Run),
                    new ChatConfiguration(metered), extra, cancellationToken).ConfigureAwait(false);
                grade = result.ToGrade(Name, Component);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                grade = RubricJudge.Failed(Name, Component, $"the evaluator {evaluator.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
            }
            if (metered.Calls > 0)
            {
                grade = grade with { JudgeUsage = metered.Usage, JudgeCost = metered.Cost };
            }
            return [grade with { Duration = Stopwatch.GetElapsedTime(started) }];
        }
    }
}
