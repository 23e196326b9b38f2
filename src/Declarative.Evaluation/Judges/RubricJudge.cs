using System.Diagnostics;
using System.Text;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// LLM-as-judge graders: a judge agent (<c>[Agent(OutputType = typeof(RubricVerdict))]</c>) is shown the case, the
/// reference or expected answer when there is one, the candidate answer and a <see cref="Rubric"/>, and answers with a
/// <see cref="RubricVerdict"/>. The grade passes only when every criterion is in the verdict and passed.
/// </summary>
/// <remarks>
/// <para>The judge runs with <see cref="AgentRunner"/> on <see cref="GradingContext{TInput, TOutput}.ChatClient"/>, the
/// harness's client: its calls are cached and retried like the target's, and its usage and cost are reported in
/// <see cref="Grade.JudgeUsage"/> and <see cref="Grade.JudgeCost"/>, apart from the run's.</para>
/// <para>A judge that fails (no verdict, an invalid one, a model error) gives a failed grade that says why; it never
/// throws, except for cancellation. A criterion the judge left out is a failure naming it.</para>
/// </remarks>
/// <example>
/// <code>
/// [Agent("You judge support answers against criteria. Be strict.", OutputType = typeof(RubricVerdict))]
/// public sealed partial class SupportJudge;
///
/// var judge = RubricJudge.Create&lt;string, string&gt;(new SupportJudge(),
///     Rubric.Of("The answer names the delivery date", "The answer does not promise a refund"));
/// </code>
/// </example>
public static class RubricJudge
{
    /// <summary>A judge of the run's answer (<see cref="EvalRun{TOutput}.Text"/>).</summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="judge">The judge agent.</param>
    /// <param name="rubric">The criteria.</param>
    /// <param name="name">The grader's name.</param>
    /// <param name="component">The component graded; default the answer.</param>
    /// <param name="options">The judge's run options (its limits, its prices); the prices default to the harness's.</param>
    public static Grader<TInput, TOutput> Create<TInput, TOutput>(IAgent<RubricVerdict> judge, Rubric rubric, string name = "judge",
        string component = Components.Answer, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(rubric);
        return new AnswerJudge<TInput, TOutput>(name, component, judge, rubric, options);
    }

    /// <summary>
    /// A judge of one agent's output inside the run (a participant of a composition, a manager's specialist): one grade
    /// per time the agent ran, of its <see cref="AgentInvocationStep.Text"/>, under <see cref="Components.Agent"/>.
    /// </summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agentName">The agent judged.</param>
    /// <param name="judge">The judge agent.</param>
    /// <param name="rubric">The criteria.</param>
    /// <param name="name">The grader's name; default <c>judge:</c> and the agent's name.</param>
    /// <param name="options">The judge's run options.</param>
    /// <param name="optional">Whether a run in which the agent never ran passes.</param>
    public static Grader<TInput, TOutput> ForAgent<TInput, TOutput>(string agentName, IAgent<RubricVerdict> judge, Rubric rubric, string? name = null,
        AgentRunOptions? options = null, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(rubric);
        return new AgentJudge<TInput, TOutput>(name ?? "judge:" + agentName, agentName, judge, rubric, options, optional);
    }

    /// <summary>
    /// Turns a verdict into a grade: passed only when every criterion of the rubric has an item in the verdict and
    /// every such item passed. The grade's criteria are the rubric's in order (one the judge left out is a failed item
    /// saying so), then any the judge added.
    /// </summary>
    /// <param name="grader">The grader's name.</param>
    /// <param name="component">The component.</param>
    /// <param name="rubric">The criteria.</param>
    /// <param name="verdict">The judge's verdict.</param>
    public static Grade Decide(string grader, string component, Rubric rubric, RubricVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(verdict);
        var items = verdict.Items ?? [];
        var used = new bool[items.Count];
        var criteria = new List<RubricItem>(rubric.Count + items.Count);
        var failures = new List<string>();
        foreach (var criterion in rubric)
        {
            var key = Rubric.Normalize(criterion);
            var found = -1;
            for (var i = 0; i < items.Count && found < 0; i++)
            {
                if (!used[i] && items[i]?.Criterion is { } judged && Rubric.Normalize(judged) == key)
                {
                    found = i;
                }
            }
            if (found < 0)
            {
                criteria.Add(new RubricItem { Criterion = criterion, Passed = false, Reason = "the judge gave no verdict on this criterion" });
                failures.Add($"no verdict on \"{criterion}\"");
                continue;
            }
            used[found] = true;
            var item = items[found];
            criteria.Add(item);
            if (!item.Passed)
            {
                failures.Add($"\"{criterion}\" failed" + (string.IsNullOrWhiteSpace(item.Reason) ? "" : ": " + item.Reason));
            }
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (!used[i] && items[i] is { } extra)
            {
                criteria.Add(extra);
            }
        }
        return new Grade
        {
            Grader = grader,
            Component = component,
            Passed = failures.Count == 0,
            Reason = failures.Count == 0 ? null : string.Join("; ", failures),
            Criteria = criteria,
        };
    }

    // What the judge is shown: the task, what a good answer looks like when the case says, the candidate, the criteria.
    internal static string Prompt(string? task, string? agentRequest, string? reference, string? expectedJson, string candidate, Rubric rubric)
    {
        var prompt = new StringBuilder();
        if (task is not null)
        {
            prompt.Append("The request:\n").Append(task).Append("\n\n");
        }
        if (agentRequest is not null)
        {
            prompt.Append("What the agent under review was asked:\n").Append(agentRequest).Append("\n\n");
        }
        if (reference is not null)
        {
            prompt.Append("A reference answer (what a good answer says; the wording may differ):\n").Append(reference).Append("\n\n");
        }
        if (expectedJson is not null)
        {
            prompt.Append("The expected answer (JSON):\n").Append(expectedJson).Append("\n\n");
        }
        prompt.Append("The candidate answer:\n").Append(candidate).Append("\n\n");
        prompt.Append("Criteria:\n").Append(rubric);
        prompt.Append("\nJudge the candidate against each criterion: one item per criterion, its \"criterion\" the criterion's exact words, ")
              .Append("\"passed\" true or false, and a reason. Answer with the JSON verdict only.");
        return prompt.ToString();
    }

    internal static string? TaskOf<TInput, TOutput>(EvalCase<TInput, TOutput> evalCase)
        => evalCase.InputJson is { } json ? (evalCase.Input is string text ? text : json) : evalCase.Input?.ToString();

    // Runs the judge; a judge that fails is a failed grade, never an exception (cancellation aside).
    internal static async ValueTask<Grade> JudgeAsync<TInput, TOutput>(string grader, string component, IAgent<RubricVerdict> judge, Rubric rubric,
        AgentRunOptions? options, GradingContext<TInput, TOutput> context, string prompt, TraceNode? node, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var runOptions = options ?? AgentRunOptions.Default;
        if (runOptions.Prices is null && context.Prices is { } prices)
        {
            runOptions = runOptions with { Prices = prices };
        }
        Grade grade;
        try
        {
            var result = await new AgentRunner(context.ChatClient, runOptions)
                .RunAsync(judge, [new ChatMessage(ChatRole.User, prompt)], runOptions, cancellationToken).ConfigureAwait(false);
            grade = result.Status == AgentRunStatus.Completed && result.Output is { } verdict
                ? Decide(grader, component, rubric, verdict)
                : Failed(grader, component, $"the judge '{judge.Descriptor.Name}' gave no verdict ({result.Status}{(result.Reason is null ? "" : ": " + result.Reason)})");
            grade = grade with { JudgeUsage = result.Usage, JudgeCost = result.Cost };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            grade = Failed(grader, component, $"the judge '{judge.Descriptor.Name}' failed: {exception.GetType().Name}: {exception.Message}");
        }
        return grade with { StepOrder = node?.Order, StepPath = node?.Path, Duration = Stopwatch.GetElapsedTime(started) };
    }

    internal static Grade Failed(string grader, string component, string reason)
        => new() { Grader = grader, Component = component, Passed = false, Reason = reason };

    private sealed class AnswerJudge<TInput, TOutput>(string name, string component, IAgent<RubricVerdict> judge, Rubric rubric, AgentRunOptions? options)
        : Grader<TInput, TOutput>(name, component)
    {
        public override async ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var run = context.Run;
            if (run.Text is not { } candidate)
            {
                // Nothing to judge: spending a judge call on it would only confirm the run failed.
                var why = run.Error is not null ? "the target threw: " + run.Error : $"the run ended {run.Status}{(run.Reason is null ? "" : ": " + run.Reason)}";
                return [Failed(Name, Component, "no answer to judge: " + why)];
            }
            var evalCase = context.Case;
            var prompt = Prompt(TaskOf(evalCase), null, evalCase.Reference, evalCase.ExpectedJson, candidate, rubric);
            return [await JudgeAsync(Name, Component, judge, rubric, options, context, prompt, null, cancellationToken).ConfigureAwait(false)];
        }
    }

    private sealed class AgentJudge<TInput, TOutput>(string name, string agentName, IAgent<RubricVerdict> judge, Rubric rubric, AgentRunOptions? options, bool optional)
        : Grader<TInput, TOutput>(name, Components.Agent(agentName))
    {
        public override async ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var grades = new List<Grade>();
            var task = TaskOf(context.Case);
            foreach (var node in context.Steps)
            {
                // A participant of a composition, or a manager's specialist (the walk gives its run a node of its own).
                if (node.Step is not AgentInvocationStep invocation || invocation.AgentName != agentName)
                {
                    continue;
                }
                if (invocation.Text is not { } candidate)
                {
                    grades.Add(Failed(Name, Component, $"no answer to judge: the agent '{agentName}' ended {invocation.Status}{(invocation.Reason is null ? "" : ": " + invocation.Reason)}")
                        with { StepOrder = node.Order, StepPath = node.Path });
                    continue;
                }
                var prompt = Prompt(task, invocation.Input, null, null, candidate, rubric);
                grades.Add(await JudgeAsync(Name, Component, judge, rubric, options, context, prompt, node, cancellationToken).ConfigureAwait(false));
            }
            if (grades.Count == 0)
            {
                grades.Add(new Grade { Grader = Name, Component = Component, Passed = optional, Reason = optional ? null : $"the agent '{agentName}' never ran" });
            }
            return grades;
        }
    }
}
