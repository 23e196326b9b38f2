namespace Declarative.Evaluation;

/// <summary>
/// Marks a method as a code grader. The source generator adds the method's class (which must be
/// <c>partial</c>) an implementation of <see cref="IGraderSuite{TInput, TOutput}"/> whose
/// <see cref="IGraderSuite{TInput, TOutput}.Graders"/> list wraps every <c>[Grader]</c> method of the class,
/// in declaration order, so a suite's whole grading is visible in one class and wrong signatures are build errors.
/// </summary>
/// <remarks>
/// <para>
/// The method takes the case first, <see cref="EvalCase{TInput, TOutput}"/>, then what it grades, then
/// optionally a <see cref="CancellationToken"/>:
/// </para>
/// <list type="bullet">
/// <item><description><see cref="EvalRun{TOutput}"/>: an <b>end-to-end</b> grader, one grade per run, filed under
/// <see cref="Component"/> (default <see cref="Components.Answer"/>).</description></item>
/// <item><description><see cref="ToolCallStep"/>, <see cref="PlanStepCall"/>, <see cref="AgentInvocationStep"/>,
/// <see cref="ModelCallStep"/> or <see cref="PlanValidationStep"/>: a <b>component</b> grader, one grade per
/// matching step of the trace at any depth (a specialist's steps and a participant's included); a run
/// without a matching step fails, unless <see cref="Optional"/>.</description></item>
/// </list>
/// <para>
/// It returns <see cref="bool"/> or <see cref="Reflection.CheckResult"/> (a failure with feedback and findings),
/// directly or as a <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>; it may be static or an
/// instance method. A component grader's component is <see cref="Component"/> when set, else
/// <c>tool:&lt;Tool&gt;</c> (tool calls and plan steps filtered by <see cref="Tool"/>), <c>agent:&lt;Agent&gt;</c>,
/// <c>plan</c> (plan steps and validations), <c>tools</c>, <c>agents</c> or <c>model</c> (unfiltered tool calls,
/// agent invocations and model calls).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public partial class RefundGraders
/// {
///     [Grader]
///     public bool Completed(EvalCase&lt;string, string&gt; evalCase, EvalRun&lt;string&gt; run) =&gt; run.Completed;
///
///     [Grader("refund_amount", Tool = "issue_refund")]
///     public CheckResult RefundWithinLimit(EvalCase&lt;string, string&gt; evalCase, ToolCallStep call)
///         =&gt; call.Arguments.Contains("\"amount\":") &amp;&amp; !call.IsError ? CheckResult.Pass() : CheckResult.Fail("The refund failed.");
///
///     [Grader(Agent = "billing", Optional = true)]
///     public static async Task&lt;bool&gt; BillingAnsweredAsync(EvalCase&lt;string, string&gt; evalCase, AgentInvocationStep step, CancellationToken cancellationToken)
///     {
///         await Task.Yield();
///         return step.Text is { Length: &gt; 0 };
///     }
/// }
///
/// // new RefundGraders().Graders is an IReadOnlyList&lt;Grader&lt;string, string&gt;&gt; for EvalRunner.RunAsync.
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GraderAttribute : Attribute
{
    /// <summary>A grader named after the method (snake_case, a trailing <c>Async</c> dropped).</summary>
    public GraderAttribute()
    {
    }

    /// <summary>A grader with an explicit name.</summary>
    /// <param name="name">The name in grades, reports and comparisons.</param>
    public GraderAttribute(string name) => Name = name;

    /// <summary>The explicit name, or <see langword="null"/> to derive it from the method name.</summary>
    public string? Name { get; }

    /// <summary>
    /// The component the grades are filed under in the error analysis (<see cref="Components"/>); null for the
    /// default of what the grader grades (see the remarks).
    /// </summary>
    public string? Component { get; set; }

    /// <summary>A component grader of tool calls or plan steps grades only those of this tool.</summary>
    public string? Tool { get; set; }

    /// <summary>A component grader of agent invocations grades only those of this agent.</summary>
    public string? Agent { get; set; }

    /// <summary>A component grader passes a run without a matching step (by default that is a failure: the component never ran).</summary>
    public bool Optional { get; set; }
}
