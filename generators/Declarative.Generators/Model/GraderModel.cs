namespace Declarative.Generators.Model;

/// <summary>What a <c>[Grader]</c> method's second parameter is, which decides the runtime factory it is wrapped in.</summary>
internal enum GraderSubject
{
    /// <summary><c>EvalRun&lt;TOutput&gt;</c>: an end-to-end grader (<c>Grader.Create</c>).</summary>
    Run,

    /// <summary><c>ToolCallStep</c>: a component grader over tool calls (<c>Grader.ForSteps</c>).</summary>
    ToolCall,

    /// <summary><c>PlanStepCall</c>: over the steps of executed plans.</summary>
    PlanStep,

    /// <summary><c>AgentInvocationStep</c>: over nested agents' runs.</summary>
    AgentInvocation,

    /// <summary><c>ModelCallStep</c>: over model calls.</summary>
    ModelCall,

    /// <summary><c>PlanValidationStep</c>: over plan validations.</summary>
    PlanValidation,
}

/// <summary>
/// One <c>[Grader]</c> method, as the generated <c>Graders</c> list calls it.
/// </summary>
/// <remarks>A value: it must stay immutable and structurally equal, or the pipeline stops caching.</remarks>
/// <param name="Name">The name in grades and reports: explicit, else snake_case of the method.</param>
/// <param name="MethodName">The C# method to call.</param>
/// <param name="IsStatic">Called on the class rather than on the suite instance.</param>
/// <param name="TakesCancellationToken">The method's third parameter is a <c>CancellationToken</c>.</param>
/// <param name="Returns">Value (sync), <c>TaskOfT</c> or <c>ValueTaskOfT</c>.</param>
/// <param name="ReturnsBool">The result is a <c>bool</c> (else a <c>CheckResult</c>).</param>
/// <param name="Subject">What the grader looks at: the run, or one kind of trace step.</param>
/// <param name="Component">The component its grades are filed under.</param>
/// <param name="Tool">A component grader's tool filter, or null.</param>
/// <param name="Agent">A component grader's agent filter, or null.</param>
/// <param name="Optional">No matching step is not a failure.</param>
internal sealed record GraderModel(
    string Name,
    string MethodName,
    bool IsStatic,
    bool TakesCancellationToken,
    ReturnKind Returns,
    bool ReturnsBool,
    GraderSubject Subject,
    string Component,
    string? Tool,
    string? Agent,
    bool Optional);

/// <summary>One <c>[Grader]</c> method with what it needs from its class; the grader pipeline's first model.</summary>
internal sealed record GraderMethodEntry
{
    public required string ClassFullName { get; init; }

    public required string? Namespace { get; init; }

    public required EquatableArray<ContainingType> TypeChain { get; init; }

    public required bool ClassIsStatic { get; init; }

    /// <summary>TInput of the method's <c>EvalCase&lt;TInput, TOutput&gt;</c> (<c>global::</c>).</summary>
    public required string InputTypeName { get; init; }

    /// <summary>TOutput of the method's <c>EvalCase&lt;TInput, TOutput&gt;</c> (<c>global::</c>).</summary>
    public required string OutputTypeName { get; init; }

    public required GraderModel Grader { get; init; }
}

/// <summary>Everything needed to emit one class's grader suite.</summary>
internal sealed record GraderSuiteModel
{
    public required string? Namespace { get; init; }

    /// <summary>The class itself and its containing types, outermost first.</summary>
    public required EquatableArray<ContainingType> TypeChain { get; init; }

    public required string FullName { get; init; }

    /// <summary>A static class gets a static <c>Graders</c> property instead of implementing <c>IGraderSuite</c>.</summary>
    public required bool IsStatic { get; init; }

    public required string InputTypeName { get; init; }

    public required string OutputTypeName { get; init; }

    /// <summary>The graders, in declaration order.</summary>
    public required EquatableArray<GraderModel> Graders { get; init; }
}
