namespace Declarative.Streaming;

/// <summary>A typed agent's answer was checked against its output schema: its trace step, with the errors if any (then the model is asked again).</summary>
public sealed record OutputValidated : AgentRunUpdate
{
    internal OutputValidated(OutputValidationStep step)
        : base(step.Iteration, step.Index)
        => Step = step;

    /// <summary>The step, as the final trace holds it.</summary>
    public OutputValidationStep Step { get; }
}
