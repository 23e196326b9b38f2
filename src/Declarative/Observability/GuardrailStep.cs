using Declarative.Guardrails;

namespace Declarative;

/// <summary>A guardrail's decision.</summary>
public sealed class GuardrailStep : TraceStep
{
    /// <summary>The guardrail's name.</summary>
    public required string Name { get; init; }

    /// <summary>Where it stood: input, output or a tool call. (Not <c>Kind</c>: that name is the step's kind in the trace's JSON.)</summary>
    public GuardrailKind Stage { get; init; }

    /// <summary>For a tool guardrail: the tool call's id.</summary>
    public string? CallId { get; init; }

    /// <summary>Whether it tripped.</summary>
    public bool Tripped { get; init; }

    /// <summary>Why, when it tripped.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether its reason went back to the model as feedback instead of ending the run.</summary>
    public bool AsFeedback { get; init; }
}
