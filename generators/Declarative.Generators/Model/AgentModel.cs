namespace Declarative.Generators.Model;

/// <summary>Where some of an agent's tools come from: a member holding a tool set, or a static tool class.</summary>
/// <param name="MemberName">The field, property or primary-constructor parameter; null for a static tool class.</param>
/// <param name="TypeName">The tool set's type, fully qualified.</param>
/// <param name="IsStaticClass">The tools are a static class's (<c>TypeName.ToolSet</c>).</param>
/// <param name="ToolNames">The names of its tools, known at compile time.</param>
internal sealed record ToolSource(string? MemberName, string TypeName, bool IsStaticClass, EquatableArray<string> ToolNames);

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

    /// <summary>The named types the output reaches.</summary>
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
