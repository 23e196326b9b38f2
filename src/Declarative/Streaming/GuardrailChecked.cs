namespace Declarative.Streaming;

/// <summary>A guardrail decided (passed, tripped, or gave feedback): its trace step.</summary>
public sealed record GuardrailChecked : AgentRunUpdate
{
    internal GuardrailChecked(GuardrailStep step)
        : base(step.Iteration, step.Index)
        => Step = step;

    /// <summary>The step, as the final trace holds it.</summary>
    public GuardrailStep Step { get; }
}
