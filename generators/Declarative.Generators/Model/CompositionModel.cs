namespace Declarative.Generators.Model;

/// <summary>How a composition runs its participants (mirrors <c>Declarative.Orchestration.CompositionKind</c>).</summary>
internal enum CompositionShape
{
    Sequential,
    Parallel,
    HandOff,
    GroupChat,
}

/// <summary>Everything needed to emit one composition class (<c>[Sequential]</c>, <c>[Parallel]</c>, <c>[HandOff]</c>, <c>[GroupChat]</c>).</summary>
internal sealed record CompositionModel
{
    public required string? Namespace { get; init; }

    public required EquatableArray<ContainingType> TypeChain { get; init; }

    public required string FullName { get; init; }

    /// <summary>The class name, for messages.</summary>
    public required string ClassName { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required CompositionShape Shape { get; init; }

    /// <summary>TInput (<c>global::</c>): the first participant's input, or <c>string</c>.</summary>
    public required string InputTypeName { get; init; }

    /// <summary>TOutput (<c>global::</c>): the last stage's output, the join's result, the declared OutputType, or <c>string</c>.</summary>
    public required string OutputTypeName { get; init; }

    /// <summary>The <c>[UseAgent]</c> members, in declaration order.</summary>
    public required EquatableArray<AgentRef> Participants { get; init; }

    /// <summary>A parallel composition's <c>[Join]</c> method.</summary>
    public string? JoinMethod { get; init; }

    public bool JoinIsStatic { get; init; }

    public int MaxHandOffs { get; init; }

    /// <summary>The <c>SpeakerSelection</c> member's name.</summary>
    public string Selection { get; init; } = "RoundRobin";

    public int MaxRounds { get; init; } = 10;

    public string? TerminationPhrase { get; init; }

    public string? SelectorModel { get; init; }

    /// <summary>The <c>[SpeakerSelector]</c> method, or null.</summary>
    public string? SelectorMethod { get; init; }

    public bool SelectorIsStatic { get; init; }

    /// <summary>The <c>[Critic]</c> member judging a group chat, or null.</summary>
    public string? JudgeMember { get; init; }
}
