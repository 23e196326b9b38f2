namespace Declarative.Generators.Model;

/// <summary>What a check or guardrail method sees, which decides the runtime factory it is wrapped in.</summary>
internal enum HookKind
{
    /// <summary><c>[Check]</c>: the agent's typed candidate answer.</summary>
    Check,

    /// <summary><c>[InputGuardrail]</c>: the user's input text.</summary>
    InputGuardrail,

    /// <summary><c>[OutputGuardrail]</c> on a <see cref="string"/>: the answer's text.</summary>
    OutputGuardrail,

    /// <summary><c>[OutputGuardrail]</c> on the agent's output type: the typed answer (<c>Guardrail.Output&lt;T&gt;</c>).</summary>
    TypedOutputGuardrail,

    /// <summary><c>[ToolGuardrail]</c>: a tool call's context.</summary>
    ToolGuardrail,
}

/// <summary>
/// One check or guardrail method of an agent, as the generated <c>Checks</c> or <c>Guardrails</c> list calls it.
/// </summary>
/// <param name="Kind">Which attribute it carries and what it takes.</param>
/// <param name="Name">The name in results, traces and spans: explicit, else snake_case of the method.</param>
/// <param name="MethodName">The C# method to call.</param>
/// <param name="IsStatic">Called on the class rather than on the agent.</param>
/// <param name="TakesCancellationToken">The method's second parameter is a <c>CancellationToken</c>.</param>
/// <param name="Returns">Value (sync), <c>TaskOfT</c> or <c>ValueTaskOfT</c>.</param>
/// <param name="Flag">A check's <c>Independent</c>; an input guardrail's <c>Concurrent</c>; false otherwise.</param>
/// <param name="Tools">The tools a tool guardrail guards (empty: all).</param>
internal sealed record HookModel(
    HookKind Kind,
    string Name,
    string MethodName,
    bool IsStatic,
    bool TakesCancellationToken,
    ReturnKind Returns,
    bool Flag,
    EquatableArray<string> Tools);
