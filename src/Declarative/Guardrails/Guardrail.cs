namespace Declarative.Guardrails;

/// <summary>Where a guardrail stands in a run.</summary>
public enum GuardrailKind
{
    /// <summary>On the user's input, before (or beside) the first model call.</summary>
    Input,

    /// <summary>On the final answer, before it is returned.</summary>
    Output,

    /// <summary>On a tool call's arguments, after they were read and before the tool runs.</summary>
    ToolCall,
}

/// <summary>
/// A guardrail as a run applies it: code (generated for <see cref="InputGuardrailAttribute"/>,
/// <see cref="OutputGuardrailAttribute"/> and <see cref="ToolGuardrailAttribute"/> methods, or built with the
/// factory methods here) or a judge agent (<see cref="Judge"/>).
/// </summary>
public sealed class Guardrail
{
    private readonly Func<GuardrailSubject, CancellationToken, ValueTask<GuardrailResult>> _check;

    private Guardrail(string name, GuardrailKind kind, Func<GuardrailSubject, CancellationToken, ValueTask<GuardrailResult>> check,
                      bool concurrent, IReadOnlyList<string> tools)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        _check = check;
        Concurrent = concurrent;
        Tools = tools;
    }

    /// <summary>Its name in statuses, traces and spans.</summary>
    public string Name { get; }

    /// <summary>Where it stands.</summary>
    public GuardrailKind Kind { get; }

    /// <summary>For an input guardrail: whether it runs beside the first model call (cancelling it when it trips) rather than before it.</summary>
    public bool Concurrent { get; }

    /// <summary>For a tool guardrail: the tools it guards; empty for all.</summary>
    public IReadOnlyList<string> Tools { get; }

    /// <summary>Whether a tool guardrail applies to a tool.</summary>
    /// <param name="toolName">The tool.</param>
    public bool Guards(string toolName) => Kind == GuardrailKind.ToolCall && (Tools.Count == 0 || Tools.Contains(toolName));

    /// <summary>An input guardrail.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="check">Decides on the input text.</param>
    /// <param name="concurrent">Run beside the first model call, cancelling it when it trips.</param>
    public static Guardrail Input(string name, Func<string, CancellationToken, ValueTask<GuardrailResult>> check, bool concurrent = false)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Guardrail(name, GuardrailKind.Input, (subject, ct) => check(subject.Text ?? "", ct), concurrent, []);
    }

    /// <summary>An output guardrail on the answer text.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="check">Decides on the answer text.</param>
    public static Guardrail Output(string name, Func<string, CancellationToken, ValueTask<GuardrailResult>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Guardrail(name, GuardrailKind.Output, (subject, ct) => check(subject.Text ?? "", ct), false, []);
    }

    /// <summary>An output guardrail on a typed answer (it sees the value the agent's reader accepted).</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="name">Its name.</param>
    /// <param name="check">Decides on the answer.</param>
    public static Guardrail Output<TOutput>(string name, Func<TOutput, CancellationToken, ValueTask<GuardrailResult>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Guardrail(name, GuardrailKind.Output, (subject, ct) => subject.Value is TOutput value
            ? check(value, ct)
            : new ValueTask<GuardrailResult>(GuardrailResult.Trip($"the answer is not a {typeof(TOutput).Name}")), false, []);
    }

    /// <summary>A tool guardrail.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="check">Decides on the call.</param>
    /// <param name="tools">The tools it guards; none for all.</param>
    public static Guardrail ToolCall(string name, Func<ToolCallContext, CancellationToken, ValueTask<GuardrailResult>> check, params string[] tools)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Guardrail(name, GuardrailKind.ToolCall, (subject, ct) => check(subject.Call!, ct), false, tools ?? []);
    }

    /// <summary>
    /// A judge: another agent, whose typed answer is a <see cref="GuardrailVerdict"/>, decides. It is shown
    /// the input, the answer, or the tool call as text.
    /// </summary>
    /// <param name="name">Its name.</param>
    /// <param name="kind">Where it stands.</param>
    /// <param name="judge">The judging agent.</param>
    /// <param name="runner">Runs the judge (its model comes from the runner's registry).</param>
    /// <param name="concurrent">For an input judge: run beside the first model call.</param>
    public static Guardrail Judge(string name, GuardrailKind kind, IAgent<GuardrailVerdict> judge, AgentRunner runner, bool concurrent = false)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(runner);
        return new Guardrail(name, kind, async (subject, ct) =>
        {
            var shown = subject.Call is { } call ? $"Tool call: {call.Tool.Name}({call.ArgumentsJson})" : subject.Text ?? "";
            var verdict = await runner.RunAsync(judge, shown, ct).ConfigureAwait(false);
            if (verdict.Status != AgentRunStatus.Completed || verdict.Output is not { } decision)
            {
                return GuardrailResult.Trip($"the judge '{judge.Descriptor.Name}' gave no verdict ({verdict.Status}: {verdict.Reason})");
            }
            return decision.Allowed ? GuardrailResult.Pass() : GuardrailResult.Trip(decision.Reason ?? "the judge did not allow it");
        }, concurrent && kind == GuardrailKind.Input, []);
    }

    /// <summary>Runs the guardrail; an exception it throws becomes a tripwire saying so (a broken guardrail fails closed).</summary>
    internal async ValueTask<GuardrailResult> CheckAsync(GuardrailSubject subject, CancellationToken cancellationToken)
    {
        try
        {
            return await _check(subject, cancellationToken).ConfigureAwait(false) ?? GuardrailResult.Trip("the guardrail returned no result");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return GuardrailResult.Trip($"the guardrail threw {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>What a guardrail is shown: text (input or answer), a typed answer, or a tool call.</summary>
internal readonly record struct GuardrailSubject(string? Text, object? Value, ToolCallContext? Call);

/// <summary>A judge's answer: allowed or not, and why.</summary>
public sealed record GuardrailVerdict
{
    /// <summary>Whether what was judged may go on.</summary>
    public required bool Allowed { get; init; }

    /// <summary>Why, especially when it may not.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// An agent with guardrails (<see cref="InputGuardrailAttribute"/>, <see cref="OutputGuardrailAttribute"/>,
/// <see cref="ToolGuardrailAttribute"/> methods): generated for <c>[Agent]</c> classes that declare any.
/// <see cref="AgentRunner"/> applies them, together with <see cref="AgentRunOptions.Guardrails"/>.
/// </summary>
public interface IGuardedAgent : IAgent
{
    /// <summary>The guardrails, in declaration order.</summary>
    IReadOnlyList<Guardrail> Guardrails { get; }
}
