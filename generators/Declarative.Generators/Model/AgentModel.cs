namespace Declarative.Generators.Model;

/// <summary>Where some of an agent's tools come from: a member holding a tool set, or a static tool class.</summary>
/// <param name="MemberName">The field, property or primary-constructor parameter; null for a static tool class.</param>
/// <param name="TypeName">The tool set's type, fully qualified.</param>
/// <param name="IsStaticClass">The tools are a static class's (<c>TypeName.ToolSet</c>).</param>
/// <param name="ToolNames">The names of its tools, known at compile time.</param>
internal sealed record ToolSource(string? MemberName, string TypeName, bool IsStaticClass, EquatableArray<string> ToolNames);

/// <summary>The method rendering a typed input for the model.</summary>
internal sealed record InputTemplateModel(string MethodName, bool IsStatic);

/// <summary>
/// One <c>[UseAgent]</c> member, with what the generator knows of its agent from its <c>[Agent]</c> attribute.
/// </summary>
/// <param name="MemberName">The field, property or primary-constructor parameter.</param>
/// <param name="AgentTypeName">The agent class (<c>global::</c>).</param>
/// <param name="ExplicitName">The name given to <c>[UseAgent("name")]</c>, or null.</param>
/// <param name="Name">The participant's name: the attribute's, else the agent's.</param>
/// <param name="ToolName">A manager's tool name for it: the attribute's name verbatim, else snake_case of the agent's name.</param>
/// <param name="Description">The <c>[UseAgent]</c> description, or null (the agent's own).</param>
/// <param name="InputTypeName">The agent's input type (<c>global::</c>), or null for text.</param>
/// <param name="OutputTypeName">The agent's output type (<c>global::</c>), or null for text.</param>
/// <param name="HandOffTo">The participants it may hand off to.</param>
/// <param name="Finishes">It may end a group chat.</param>
internal sealed record AgentRef(
    string MemberName,
    string AgentTypeName,
    string? ExplicitName,
    string Name,
    string ToolName,
    string? Description,
    string? InputTypeName,
    string? OutputTypeName,
    EquatableArray<string> HandOffTo,
    bool Finishes);

/// <summary>Everything needed to emit one <c>[Agent]</c> class.</summary>
internal sealed record AgentModel
{
    public required string? Namespace { get; init; }

    public required EquatableArray<ContainingType> TypeChain { get; init; }

    public required string FullName { get; init; }

    public required string Name { get; init; }

    public string? Instructions { get; init; }

    public string? InstructionsResource { get; init; }

    public string? Description { get; init; }

    public string? Model { get; init; }

    /// <summary>The names of the class's own <c>[Tool]</c> methods (the class is then a tool set itself).</summary>
    public required EquatableArray<string> OwnToolNames { get; init; }

    public required EquatableArray<ToolSource> Sources { get; init; }

    /// <summary>The typed output's shape, or null for free text.</summary>
    public TypeShape? Output { get; init; }

    /// <summary>The typed input's shape, or null when the agent takes text.</summary>
    public TypeShape? Input { get; init; }

    /// <summary>The <c>[InputTemplate]</c> method that renders the input, or null for JSON.</summary>
    public InputTemplateModel? InputTemplate { get; init; }

    /// <summary>The <c>[UseAgent]</c> members: one agent tool each, in declaration order.</summary>
    public EquatableArray<AgentRef> Specialists { get; init; } = EquatableArray<AgentRef>.Empty;

    /// <summary>The named types the output (and the input) reach.</summary>
    public required EquatableArray<NamedType> OutputTypes { get; init; }

    public string? SerializerContextTypeName { get; init; }

    /// <summary>The <c>[Check]</c> methods, in declaration order (only on a typed agent).</summary>
    public EquatableArray<HookModel> Checks { get; init; } = EquatableArray<HookModel>.Empty;

    /// <summary>The member holding the <c>[Critic]</c>, or null.</summary>
    public string? CriticMember { get; init; }

    /// <summary>The guardrail methods, in declaration order.</summary>
    public EquatableArray<HookModel> Guardrails { get; init; } = EquatableArray<HookModel>.Empty;

    /// <summary>The agent implements <c>IReflectiveAgent&lt;T&gt;</c>: it is typed and has checks or a critic.</summary>
    public bool IsReflective => Output is not null && (Checks.Count > 0 || CriticMember is not null);
}
