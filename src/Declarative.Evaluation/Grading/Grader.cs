using Declarative.Reflection;

namespace Declarative.Evaluation;

/// <summary>
/// Grades a run: end to end (the answer, the run as a whole) or one component (each matching step of the trace).
/// Built with <c>Grader.Create</c>, <c>Grader.ForSteps</c>,
/// the built-ins of <see cref="Graders"/>, generated for <c>[Grader]</c> methods, or derived for anything else.
/// </summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public abstract class Grader<TInput, TOutput>
{
    /// <summary>Creates a grader.</summary>
    /// <param name="name">Its name in results and reports.</param>
    /// <param name="component">The component it grades (<see cref="Components"/>).</param>
    protected Grader(string name, string component)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(component);
        Name = name;
        Component = component;
    }

    /// <summary>Its name.</summary>
    public string Name { get; }

    /// <summary>The component it grades.</summary>
    public string Component { get; }

    /// <summary>Grades one run.</summary>
    /// <param name="context">The case, the run and a chat client for judges.</param>
    /// <param name="cancellationToken">Stops grading.</param>
    /// <returns>One grade for an end-to-end grader; one per graded step for a component grader.</returns>
    public abstract ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Component}]";
}

/// <summary>Builds graders from delegates; generated <c>[Grader]</c> suites call these.</summary>
public static class Grader
{
    /// <summary>An end-to-end grader over the case and the run.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="grade">Decides: a pass, or a failure with feedback and findings.</param>
    /// <param name="component">The component it grades; default <see cref="Components.Answer"/>.</param>
    public static Grader<TInput, TOutput> Create<TInput, TOutput>(string name, Func<EvalCase<TInput, TOutput>, EvalRun<TOutput>, CancellationToken, ValueTask<CheckResult>> grade,
        string component = Components.Answer)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new RunGrader<TInput, TOutput>(name, component, grade);
    }

    /// <summary>A synchronous end-to-end grader that passes or fails with a reason.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="grade">Decides.</param>
    /// <param name="component">The component it grades; default <see cref="Components.Answer"/>.</param>
    public static Grader<TInput, TOutput> Create<TInput, TOutput>(string name, Func<EvalCase<TInput, TOutput>, EvalRun<TOutput>, CheckResult> grade,
        string component = Components.Answer)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new RunGrader<TInput, TOutput>(name, component, (c, r, _) => new ValueTask<CheckResult>(grade(c, r)));
    }

    /// <summary>
    /// A component grader: applied to every step of type <typeparamref name="TStep"/> that passes <paramref name="filter"/>,
    /// at any depth of the trace, giving one grade per step. When no step matches, it gives one failed grade ("no matching
    /// step"), unless <paramref name="optional"/>.
    /// </summary>
    /// <param name="name">Its name.</param>
    /// <param name="component">The component it grades (<see cref="Components.Tool"/>, <see cref="Components.Plan"/>, <see cref="Components.Agent"/>).</param>
    /// <param name="filter">Which steps it grades; null for every step of the type.</param>
    /// <param name="grade">Decides for one step.</param>
    /// <param name="optional">Whether a run without a matching step passes.</param>
    public static Grader<TInput, TOutput> ForSteps<TInput, TOutput, TStep>(string name, string component, Func<TraceNode, TStep, bool>? filter,
        Func<EvalCase<TInput, TOutput>, TStep, CancellationToken, ValueTask<CheckResult>> grade, bool optional = false)
        where TStep : TraceStep
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new StepGrader<TInput, TOutput, TStep>(name, component, filter, grade, optional);
    }

    /// <summary>A synchronous component grader (see <see cref="ForSteps{TInput, TOutput, TStep}(string, string, Func{TraceNode, TStep, bool}?, Func{EvalCase{TInput, TOutput}, TStep, CancellationToken, ValueTask{CheckResult}}, bool)"/>).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="component">The component it grades.</param>
    /// <param name="filter">Which steps it grades; null for every step of the type.</param>
    /// <param name="grade">Decides for one step.</param>
    /// <param name="optional">Whether a run without a matching step passes.</param>
    public static Grader<TInput, TOutput> ForSteps<TInput, TOutput, TStep>(string name, string component, Func<TraceNode, TStep, bool>? filter,
        Func<EvalCase<TInput, TOutput>, TStep, CheckResult> grade, bool optional = false)
        where TStep : TraceStep
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new StepGrader<TInput, TOutput, TStep>(name, component, filter, (c, s, _) => new ValueTask<CheckResult>(grade(c, s)), optional);
    }

    private sealed class RunGrader<TInput, TOutput>(string name, string component,
        Func<EvalCase<TInput, TOutput>, EvalRun<TOutput>, CancellationToken, ValueTask<CheckResult>> grade)
        : Grader<TInput, TOutput>(name, component)
    {
        public override async ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var result = await grade(context.Case, context.Run, cancellationToken).ConfigureAwait(false);
            return [Grade.From(Name, Component, result)];
        }
    }

    private sealed class StepGrader<TInput, TOutput, TStep>(string name, string component, Func<TraceNode, TStep, bool>? filter,
        Func<EvalCase<TInput, TOutput>, TStep, CancellationToken, ValueTask<CheckResult>> grade, bool optional)
        : Grader<TInput, TOutput>(name, component)
        where TStep : TraceStep
    {
        public override async ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            List<Grade>? grades = null;
            foreach (var node in context.Steps)
            {
                if (node.Step is TStep step && (filter is null || filter(node, step)))
                {
                    var result = await grade(context.Case, step, cancellationToken).ConfigureAwait(false);
                    (grades ??= []).Add(Grade.From(Name, Component, result, node));
                }
            }
            if (grades is not null)
            {
                return grades;
            }
            return [new Grade { Grader = Name, Component = Component, Passed = optional, Reason = optional ? null : $"no matching step in the trace (the {Component} never ran)" }];
        }
    }
}
