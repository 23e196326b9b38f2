namespace Declarative.Streaming;

/// <summary>A model call ended: its trace step, with the response's text, the calls it asked for, its usage and cost (or its error).</summary>
public sealed record ModelCallFinished : AgentRunUpdate
{
    internal ModelCallFinished(ModelCallStep step)
        : base(step.Iteration, step.Index)
        => Step = step;

    /// <summary>The step, as the final trace holds it.</summary>
    public ModelCallStep Step { get; }
}
