using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Every rule Declarative reports, in one place. Ids are stable and never reused; each has a page
/// at <c>docs/diagnostics/DCLnnnn.md</c> and a row in <c>AnalyzerReleases.*.md</c>. Titles match the
/// index in <c>docs/diagnostics/README.md</c> (a test keeps them in step).
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Declarative";

    private const string HelpLinkBase = "https://github.com/declarative-dotnet/declarative/blob/main/docs/diagnostics/";

    /// <summary>
    /// DCL0001: <c>'{0}' must be partial so that the generator can add the tool set of '{1}', which declares [Tool] methods</c>.
    /// {0} is the type lacking <c>partial</c> (the tool class or one of its containing types), {1} the tool class.
    /// </summary>
    public static readonly DiagnosticDescriptor ClassMustBePartial = new(
        id: "DCL0001",
        title: "The class declaring tools must be partial",
        messageFormat: "'{0}' must be partial so that the generator can add the tool set of '{1}', which declares [Tool] methods",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator implements IToolSet in a second part of the class declaring [Tool] methods, so that class and every type containing it must be declared partial.",
        helpLinkUri: HelpLinkBase + "DCL0001.md");

    /// <summary>
    /// DCL0002: <c>Parameter '{0}' of tool '{1}' cannot be described to a model: type '{2}' at '{3}' is not supported ({4})</c>.
    /// {3} is the path from the parameter to the offending type (<c>order.lines[]</c>), {4} the reason.
    /// </summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = new(
        id: "DCL0002",
        title: "A tool parameter's type cannot be described to a model",
        messageFormat: "Parameter '{0}' of tool '{1}' cannot be described to a model: type '{2}' at '{3}' is not supported ({4})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every type a tool receives, and every type nested in it, must have a JSON schema the model can follow and a reader that builds it from JSON arguments.",
        helpLinkUri: HelpLinkBase + "DCL0002.md");

    /// <summary>
    /// DCL0003: <c>The return type of tool '{0}' cannot be described to a model: type '{1}' at '{2}' is not supported ({3})</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "DCL0003",
        title: "A tool's return type cannot be described to a model",
        messageFormat: "The return type of tool '{0}' cannot be described to a model: type '{1}' at '{2}' is not supported ({3})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A tool's result, unwrapped from Task or ValueTask, is written as JSON for the model, so it and every type nested in it must have a JSON representation.",
        helpLinkUri: HelpLinkBase + "DCL0003.md");

    /// <summary>
    /// DCL0004: <c>Parameter '{0}' of tool '{1}' cannot be read from JSON arguments: {2}</c>.
    /// {2} says which kind of parameter it is and what to use instead.
    /// </summary>
    public static readonly DiagnosticDescriptor ParameterNotBindable = new(
        id: "DCL0004",
        title: "ref, out, in, pointer and span parameters are not allowed",
        messageFormat: "Parameter '{0}' of tool '{1}' cannot be read from JSON arguments: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A tool's arguments arrive as a JSON object and are passed by value; ref, out, in and ref readonly parameters, pointers, spans and other ref structs, and params collections other than arrays cannot be bound from it.",
        helpLinkUri: HelpLinkBase + "DCL0004.md");

    /// <summary>DCL0005: <c>Tool method '{0}' cannot be generic, because a model cannot choose type arguments</c>.</summary>
    public static readonly DiagnosticDescriptor GenericMethod = new(
        id: "DCL0005",
        title: "Tool methods cannot be generic",
        messageFormat: "Tool method '{0}' cannot be generic, because a model cannot choose type arguments",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A tool's schema is fixed at compile time, so its parameter and return types must be closed types.",
        helpLinkUri: HelpLinkBase + "DCL0005.md");

    /// <summary>DCL0006: <c>Tool method '{0}' is async void, so its completion and failures cannot be observed; return Task or ValueTask</c>.</summary>
    public static readonly DiagnosticDescriptor AsyncVoid = new(
        id: "DCL0006",
        title: "Tool methods cannot be async void",
        messageFormat: "Tool method '{0}' is async void, so its completion and failures cannot be observed; return Task or ValueTask",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The tool-calling loop awaits each tool to report its result or error to the model; an async void method cannot be awaited and its exceptions crash the process.",
        helpLinkUri: HelpLinkBase + "DCL0006.md");

    /// <summary>
    /// DCL0007: <c>Tool name '{0}' is already used by method '{1}' in '{2}'; tool names must be unique within a tool set</c>.
    /// Reported on every duplicate after the first.
    /// </summary>
    public static readonly DiagnosticDescriptor DuplicateToolName = new(
        id: "DCL0007",
        title: "Two tools in one tool set have the same name",
        messageFormat: "Tool name '{0}' is already used by method '{1}' in '{2}'; tool names must be unique within a tool set",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A model calls a tool by its name, so the names of the tools of one class (across all its partial declarations) must be distinct. Overloads need explicit names.",
        helpLinkUri: HelpLinkBase + "DCL0007.md");

    /// <summary>DCL0008: <c>'{0}' is not a valid tool name ({1}); tool names must match ^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    public static readonly DiagnosticDescriptor InvalidToolName = new(
        id: "DCL0008",
        title: "Invalid tool name",
        messageFormat: "'{0}' is not a valid tool name ({1}); tool names must match ^[a-zA-Z0-9_-]{{1,64}}$",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Model providers accept only tool names of 1 to 64 ASCII letters, digits, underscores and hyphens.",
        helpLinkUri: HelpLinkBase + "DCL0008.md");

    /// <summary>DCL0009: <c>Tool '{0}' has no description; add an XML &lt;summary&gt;, [Description] or [Tool(Description = "...")] so the model knows when to call it</c>.</summary>
    public static readonly DiagnosticDescriptor MissingToolDescription = new(
        id: "DCL0009",
        title: "A tool has no description",
        messageFormat: "Tool '{0}' has no description; add an XML <summary>, [Description] or [Tool(Description = \"...\")] so the model knows when to call it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The description is what a model reads to decide whether a tool fits the task; without one it has only the name to go on.",
        helpLinkUri: HelpLinkBase + "DCL0009.md");

    /// <summary>DCL0010: <c>Parameter '{0}' of tool '{1}' has no description; add &lt;param name="{0}"&gt; to the method's doc comment or [Description] to the parameter</c>.</summary>
    public static readonly DiagnosticDescriptor MissingParameterDescription = new(
        id: "DCL0010",
        title: "A tool parameter has no description",
        messageFormat: "Parameter '{0}' of tool '{1}' has no description; add <param name=\"{0}\"> to the method's doc comment or [Description] to the parameter",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Parameter descriptions tell a model what value to send; CancellationToken parameters are not sent by the model and need none.",
        helpLinkUri: HelpLinkBase + "DCL0010.md");

    /// <summary>
    /// DCL0011: <c>Type '{0}' at '{1}' in tool '{2}' goes through System.Text.Json reflection ({3}), which is not safe under trimming or Native AOT; name a JsonSerializerContext with [ToolJsonSerializer] on '{4}'</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor ReflectionSerialization = new(
        id: "DCL0011",
        title: "A type goes through System.Text.Json reflection (not AOT-safe)",
        messageFormat: "Type '{0}' at '{1}' in tool '{2}' goes through System.Text.Json reflection ({3}), which is not safe under trimming or Native AOT; name a JsonSerializerContext with [ToolJsonSerializer] on '{4}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator reads and writes the types it can shape itself; the rest (object, interfaces, abstract classes, types with a [JsonConverter], framework types it does not model) are left to System.Text.Json. Without [ToolJsonSerializer(typeof(MyJsonContext))] on the class, that uses reflection-based serialization.",
        helpLinkUri: HelpLinkBase + "DCL0011.md");

    /// <summary>DCL0012: <c>Type '{0}' at '{1}' in tool '{2}' goes through the JsonSerializerContext '{3}' ({4})</c>.</summary>
    public static readonly DiagnosticDescriptor ContextSerialization = new(
        id: "DCL0012",
        title: "A type goes through a user-supplied JsonSerializerContext",
        messageFormat: "Type '{0}' at '{1}' in tool '{2}' goes through the JsonSerializerContext '{3}' ({4})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The generator cannot shape this type itself, so it is read and written by the JsonSerializerContext named with [ToolJsonSerializer]; that context must include the type, and its schema is not generated.",
        helpLinkUri: HelpLinkBase + "DCL0012.md");

    /// <summary>
    /// DCL0013: <c>Agent '{0}' gets a tool named '{1}' from both {2} and {3}; a model calls tools by name, so the tools of one agent must have distinct names</c>.
    /// {2} is the source declared first, {3} the later one, where the diagnostic is reported.
    /// </summary>
    public static readonly DiagnosticDescriptor DuplicateAgentToolName = new(
        id: "DCL0013",
        title: "Two tools in one agent's scope have the same name",
        messageFormat: "Agent '{0}' gets a tool named '{1}' from both {2} and {3}; a model calls tools by name, so the tools of one agent must have distinct names",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An agent's tools are its own [Tool] methods plus the tools of every [UseTools] source; the model sees them as one list and calls them by name, so no two may share a name.",
        helpLinkUri: HelpLinkBase + "DCL0013.md");

    /// <summary>
    /// DCL0014: <c>[UseTools] on {0} gives agent '{1}' no tools: {2}</c>.
    /// {0} is the member, the parameter, or <c>the class</c>; {2} says what the type is and what to use instead.
    /// </summary>
    public static readonly DiagnosticDescriptor NotAToolSet = new(
        id: "DCL0014",
        title: "A [UseTools] source is not a generated tool set",
        messageFormat: "[UseTools] on {0} gives agent '{1}' no tools: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator merges an agent's tools at compile time, so every [UseTools] member must be typed as a class with [Tool] methods (not as IToolSet), and [UseTools(typeof(X))] on the class must name a static class with [Tool] methods.",
        helpLinkUri: HelpLinkBase + "DCL0014.md");

    /// <summary>DCL0015: <c>'{0}' cannot be an agent: {1}</c>. {1} says what is wrong: not partial, static, a record, or not a class (the agent or a containing type).</summary>
    public static readonly DiagnosticDescriptor InvalidAgentClass = new(
        id: "DCL0015",
        title: "An agent must be a non-static partial class",
        messageFormat: "'{0}' cannot be an agent: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds IAgent, the agent's descriptor and its merged tool dispatch in a second part of the [Agent] class, so the class must be a non-static class (not a record) declared partial, inside partial classes or structs.",
        helpLinkUri: HelpLinkBase + "DCL0015.md");

    /// <summary>
    /// DCL0016: <c>The output type '{0}' of agent '{1}' cannot be described to a model: type '{2}' at '{3}' is not supported ({4})</c>.
    /// {3} is the path from the output to the offending type (<c>output.lines[]</c>), {4} the reason.
    /// </summary>
    public static readonly DiagnosticDescriptor UnsupportedOutputType = new(
        id: "DCL0016",
        title: "An agent's output type cannot be described to a model",
        messageFormat: "The output type '{0}' of agent '{1}' cannot be described to a model: type '{2}' at '{3}' is not supported ({4})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An agent with an OutputType asks the model for JSON matching the type's schema and reads the answer with generated code, so the type and every type nested in it must have a JSON schema and a reader.",
        helpLinkUri: HelpLinkBase + "DCL0016.md");

    /// <summary>DCL0017: <c>Tool '{0}' has no strict schema ({1}), so strict function calling sends it in non-strict form</c>.</summary>
    public static readonly DiagnosticDescriptor NoStrictSchema = new(
        id: "DCL0017",
        title: "A tool has no strict schema variant",
        messageFormat: "Tool '{0}' has no strict schema ({1}), so strict function calling sends it in non-strict form",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Strict function calling needs a closed schema in which every property is required; open dictionaries, 'any' values, recursive types and types left to System.Text.Json cannot be expressed that way, so such a tool is offered with its ordinary schema.",
        helpLinkUri: HelpLinkBase + "DCL0017.md");

    /// <summary>DCL0018: <c>Agent '{0}' has no instructions; pass them to [Agent("...")] or name an embedded resource with InstructionsResource</c>.</summary>
    public static readonly DiagnosticDescriptor MissingInstructions = new(
        id: "DCL0018",
        title: "An agent has no instructions",
        messageFormat: "Agent '{0}' has no instructions; pass them to [Agent(\"...\")] or name an embedded resource with InstructionsResource",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The instructions are the agent's system prompt: without them the model knows nothing of its role, its limits or when to use its tools.",
        helpLinkUri: HelpLinkBase + "DCL0018.md");

    /// <summary>
    /// DCL0019: <c>{0} '{1}' can never run: {2}</c>. {0} is <c>Check</c>, <c>Input guardrail</c>...; {2} says why:
    /// the class is not an <c>[Agent]</c>, or a check's agent has no <c>OutputType</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor HookNeverRuns = new(
        id: "DCL0019",
        title: "A check or guardrail can never run",
        messageFormat: "{0} '{1}' can never run: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Checks and guardrails are wired into the agent that declares them, so they must be methods of an [Agent] class; a check looks at the agent's typed answer, so its agent must declare an OutputType.",
        helpLinkUri: HelpLinkBase + "DCL0019.md");

    /// <summary>
    /// DCL0020: <c>{0} '{1}' has the wrong signature: {2}</c>. {2} names what it takes or returns and what it should.
    /// </summary>
    public static readonly DiagnosticDescriptor HookSignature = new(
        id: "DCL0020",
        title: "A check or guardrail has the wrong signature",
        messageFormat: "{0} '{1}' has the wrong signature: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A check takes the agent's output type, an input guardrail a string, an output guardrail a string or the output type, a tool guardrail a ToolCallContext; each optionally a CancellationToken after it. A check returns CheckResult and a guardrail GuardrailResult, directly or as a Task or ValueTask.",
        helpLinkUri: HelpLinkBase + "DCL0020.md");

    /// <summary>
    /// DCL0021: <c>[Critic] {0} '{1}' of '{2}' cannot be its critic: {3}</c>. {0} is the member kind; {3} says why.
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidCritic = new(
        id: "DCL0021",
        title: "A critic must be an agent answering with a RubricVerdict",
        messageFormat: "[Critic] {0} '{1}' of '{2}' cannot be its critic: {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The reflection loop asks the critic for a verdict of binary rubric items, so the [Critic] member must hold an [Agent] class with OutputType = typeof(RubricVerdict) (or an IAgent<RubricVerdict>); an agent has one critic, on a typed [Agent] class.",
        helpLinkUri: HelpLinkBase + "DCL0021.md");

    /// <summary>
    /// DCL0022: <c>Tool guardrail '{0}' of agent '{1}' names '{2}', which is not one of its tools, so it never guards it</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor UnknownGuardedTool = new(
        id: "DCL0022",
        title: "A tool guardrail names a tool the agent does not have",
        messageFormat: "Tool guardrail '{0}' of agent '{1}' names '{2}', which is not one of its tools, so it never guards it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [ToolGuardrail(\"name\")] runs only for the tools it names, by the name the model calls them; a misspelled or missing tool leaves the guardrail with nothing to guard, which would silently leave the real tool unguarded.",
        helpLinkUri: HelpLinkBase + "DCL0022.md");

    /// <summary>DCL0023: <c>[Sensitive] on {0} has no effect: {1}</c>.</summary>
    public static readonly DiagnosticDescriptor SensitiveNoEffect = new(
        id: "DCL0023",
        title: "[Sensitive] has no effect here",
        messageFormat: "[Sensitive] on {0} has no effect: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Only the arguments and results of [Tool] methods (and the properties of their types) are recorded in traces, so only there does [Sensitive] redact anything; elsewhere it suggests a protection that does not exist.",
        helpLinkUri: HelpLinkBase + "DCL0023.md");

    /// <summary>DCL0024: <c>'{member}' is used as an agent, but its type {Type} is not an [Agent] class</c>.</summary>
    public static readonly DiagnosticDescriptor UseAgentNotAnAgent = new(
        id: "DCL0024",
        title: "A [UseAgent] member is not an agent",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [UseAgent] member becomes a specialist tool or a participant, and the generator reads its name, input and output from its type's [Agent] attribute; a member whose type is not an [Agent] class has none.",
        helpLinkUri: HelpLinkBase + "DCL0024.md");

    /// <summary>DCL0025: <c>stage '{next}' cannot take what stage '{prev}' hands on: {PrevType} and {NextType} differ at '{path}': {detail}</c>.</summary>
    public static readonly DiagnosticDescriptor StageMismatch = new(
        id: "DCL0025",
        title: "A sequential stage cannot take the previous stage's answer",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each stage of a [Sequential] composition receives the previous stage's answer as JSON, so the answer's structure must fit the next stage's InputType: the first property that differs is named with its JSON path.",
        helpLinkUri: HelpLinkBase + "DCL0025.md");

    /// <summary>DCL0026: <c>branch '{branch}' cannot take the composition's input: ... / the [Join] method must take {n} parameters ... / a [Parallel] composition needs one [Join] method</c>.</summary>
    public static readonly DiagnosticDescriptor ParallelMismatch = new(
        id: "DCL0026",
        title: "A parallel branch or its join does not fit",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every branch of a [Parallel] composition receives the composition's input (the first branch's InputType), and the one [Join] method receives the branches' answers, one parameter per branch in order, and returns the composition's result.",
        helpLinkUri: HelpLinkBase + "DCL0026.md");

    /// <summary>DCL0027: <c>'{from}' hands off to '{target}', which is not a participant of {composition}</c>.</summary>
    public static readonly DiagnosticDescriptor UnknownHandOffTarget = new(
        id: "DCL0027",
        title: "A hand-off target is not a participant",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A hand-off becomes a transfer_to_ tool on the agent handing off, so its target must be the name of a participant of the same [HandOff] composition.",
        helpLinkUri: HelpLinkBase + "DCL0027.md");

    /// <summary>DCL0028: <c>'{participant}' can neither finish {composition} (it does not answer with {OutType}) nor hand off to a participant that can</c>.</summary>
    public static readonly DiagnosticDescriptor CannotFinish = new(
        id: "DCL0028",
        title: "A participant can never finish the hand-off",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [HandOff] composition ends when a participant answers with its OutputType; a participant the entry can reach that cannot answer so, and cannot hand off towards one that can, would leave the conversation stuck.",
        helpLinkUri: HelpLinkBase + "DCL0028.md");

    /// <summary>DCL0029: <c>the hand-offs of {composition} form a cycle ({a} -&gt; {b} -&gt; {a}) and MaxHandOffs is not set</c>.</summary>
    public static readonly DiagnosticDescriptor HandOffCycle = new(
        id: "DCL0029",
        title: "Hand-offs form a cycle without a limit",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Agents that can hand the conversation back and forth may do so forever; a cycle is allowed only with a MaxHandOffs limit.",
        helpLinkUri: HelpLinkBase + "DCL0029.md");

    /// <summary>DCL0030: <c>two agents of {owner} are named '{name}' / the specialist tool '{name}' of {owner} clashes with another tool of that name</c>.</summary>
    public static readonly DiagnosticDescriptor DuplicateAgentName = new(
        id: "DCL0030",
        title: "Two agents or tools share a name",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Participants and specialists are addressed by name (hand-offs, speaker choice, traces) and a manager calls each specialist by its tool name, so names must be unique among them and among the manager's tools.",
        helpLinkUri: HelpLinkBase + "DCL0030.md");

    /// <summary>DCL0031: <c>a sentence naming the member and what is wrong</c>.</summary>
    public static readonly DiagnosticDescriptor CompositionCannotWork = new(
        id: "DCL0031",
        title: "A composition or agent cannot work as declared",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A composition needs at least two participants; a group chat choosing speakers by code needs one [SpeakerSelector] method string? M(GroupChatState), and a selector needs Selection = Code; a Finishes participant must answer with the OutputType; an [InputTemplate] takes the agent's InputType and returns string; an agent cannot use itself through [UseAgent].",
        helpLinkUri: HelpLinkBase + "DCL0031.md");

    /// <summary>DCL0032: <c>Grader '{name}' ({Method}) takes '{type}' first; take the case, EvalCase&lt;TInput, TOutput&gt;, first</c> (and the like for each parameter).</summary>
    public static readonly DiagnosticDescriptor GraderParameters = new(
        id: "DCL0032",
        title: "A grader has the wrong parameters",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Grader] method takes the case (EvalCase<TInput, TOutput>), then the run (EvalRun<TOutput>) for an end-to-end grader or one trace step (ToolCallStep, PlanStepCall, AgentInvocationStep, ModelCallStep or PlanValidationStep) for a component grader, then optionally a CancellationToken; it may not be generic or take anything by reference.",
        helpLinkUri: HelpLinkBase + "DCL0032.md");

    /// <summary>DCL0033: <c>Grader '{name}' ({Method}) returns '{type}'; return bool or CheckResult, directly or as Task&lt;T&gt; or ValueTask&lt;T&gt;</c>.</summary>
    public static readonly DiagnosticDescriptor GraderReturn = new(
        id: "DCL0033",
        title: "A grader has the wrong return type",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A grader's verdict is a bool (pass or fail) or a CheckResult (pass, or fail with feedback and findings), returned directly or as a Task<T> or ValueTask<T> of one.",
        helpLinkUri: HelpLinkBase + "DCL0033.md");

    /// <summary>
    /// DCL0034: <c>'{type}' must be partial so that the generator can add the grader suite of '{class}', which declares [Grader] methods</c>,
    /// or <c>'{type}' is a struct; declare its [Grader] methods in a partial class</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor GraderClassMustBePartial = new(
        id: "DCL0034",
        title: "The class declaring graders must be partial",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator implements IGraderSuite<TInput, TOutput> in a second part of the class declaring [Grader] methods, so that class and every type containing it must be declared partial; and the class must be a class, since the graders' delegates capture the instance, which a struct's cannot.",
        helpLinkUri: HelpLinkBase + "DCL0034.md");

    /// <summary>DCL0035: <c>Grader '{name}' ({Method}) grades EvalCase&lt;A, B&gt;, but the class's first grader grades EvalCase&lt;C, D&gt;; ...</c>, or its EvalRun&lt;T&gt; is not its case's output.</summary>
    public static readonly DiagnosticDescriptor GraderTypesDisagree = new(
        id: "DCL0035",
        title: "Graders disagree on the case and output types",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A class's graders form one IGraderSuite<TInput, TOutput>, run over one dataset of EvalCase<TInput, TOutput>, so every grader of the class takes the same case type, and an end-to-end grader's EvalRun<T> has the case's output type.",
        helpLinkUri: HelpLinkBase + "DCL0035.md");

    /// <summary>DCL0036: <c>Grader '{name}' ({Method}) sets Agent, but a grader of ToolCallStep has no agent to filter on; ...</c>.</summary>
    public static readonly DiagnosticDescriptor GraderFilter = new(
        id: "DCL0036",
        title: "A grader's Tool, Agent or Optional cannot apply",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Tool filters the tool calls (ToolCallStep) or plan steps (PlanStepCall) a component grader grades, Agent filters agent invocations (AgentInvocationStep), and Optional lets a component grader find no matching step; none of them means anything for an end-to-end grader, and each only for the steps named.",
        helpLinkUri: HelpLinkBase + "DCL0036.md");

    /// <summary>DCL0037: <c>Two graders of '{class}' are named '{name}' ({First} and {Second}); give one another name</c>.</summary>
    public static readonly DiagnosticDescriptor DuplicateGraderName = new(
        id: "DCL0037",
        title: "Two graders in one class have the same name",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Grades, reports and comparisons between runs identify a grader by its name, so the graders of one suite need distinct names; the name is the attribute's argument, else snake_case of the method name with Async dropped.",
        helpLinkUri: HelpLinkBase + "DCL0037.md");
}
