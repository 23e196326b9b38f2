namespace Declarative;

/// <summary>
/// Marks a method of an <c>[Agent]</c> class as an input guardrail: it sees the user's input before the
/// first model call. It takes the input text (a <see cref="string"/>), optionally a
/// <see cref="CancellationToken"/>, and returns a <see cref="Guardrails.GuardrailResult"/> (or a task of one).
/// A tripped guardrail ends the run with <see cref="AgentRunStatus.GuardrailTripped"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InputGuardrailAttribute : Attribute
{
    /// <summary>A guardrail named after the method (snake_case).</summary>
    public InputGuardrailAttribute()
    {
    }

    /// <summary>A guardrail with an explicit name.</summary>
    /// <param name="name">The name in results, traces and spans.</param>
    public InputGuardrailAttribute(string name) => Name = name;

    /// <summary>The explicit name, or <see langword="null"/> to derive it from the method name.</summary>
    public string? Name { get; }

    /// <summary>
    /// Run beside the first model call instead of before it, cancelling the call when the guardrail trips:
    /// the answer comes sooner when the input is fine. Default <see langword="false"/>.
    /// </summary>
    public bool Concurrent { get; init; }
}

/// <summary>
/// Marks a method of an <c>[Agent]</c> class as an output guardrail: it sees the final answer before it is
/// returned. It takes the answer text (<see cref="string"/>) or, on a typed agent, the typed answer;
/// optionally a <see cref="CancellationToken"/>; and returns a <see cref="Guardrails.GuardrailResult"/>
/// (or a task of one).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OutputGuardrailAttribute : Attribute
{
    /// <summary>A guardrail named after the method (snake_case).</summary>
    public OutputGuardrailAttribute()
    {
    }

    /// <summary>A guardrail with an explicit name.</summary>
    /// <param name="name">The name in results, traces and spans.</param>
    public OutputGuardrailAttribute(string name) => Name = name;

    /// <summary>The explicit name, or <see langword="null"/> to derive it from the method name.</summary>
    public string? Name { get; }
}

/// <summary>
/// Marks a method of an <c>[Agent]</c> class as a tool guardrail: it sees a tool call's arguments after the
/// generated reader accepted them and before the tool runs. It takes a <see cref="Guardrails.ToolCallContext"/>,
/// optionally a <see cref="CancellationToken"/>, and returns a <see cref="Guardrails.GuardrailResult"/>
/// (or a task of one). A tripped tool guardrail means the tool does not run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ToolGuardrailAttribute : Attribute
{
    /// <summary>A guardrail on every tool of the agent.</summary>
    public ToolGuardrailAttribute()
    {
    }

    /// <summary>A guardrail on the named tools only.</summary>
    /// <param name="tools">The tools (as the model names them) it guards.</param>
    public ToolGuardrailAttribute(params string[] tools) => Tools = tools;

    /// <summary>The tools it guards; empty for all of them.</summary>
    public IReadOnlyList<string> Tools { get; } = [];

    /// <summary>The name in results, traces and spans; the method name (snake_case) when not set.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// Marks a tool parameter, a property or a tool's return value as sensitive: its value is redacted from
/// traces, logs and OpenTelemetry content even when content recording is on.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue,
    AllowMultiple = false, Inherited = false)]
public sealed class SensitiveAttribute : Attribute
{
}
