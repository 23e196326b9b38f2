namespace Declarative.Streaming;

/// <summary>A piece of the model's text, as the model wrote it. The pieces of one model call concatenate to its text.</summary>
/// <remarks>
/// A model call that fails part-way may already have streamed some text; the run then ends with
/// <see cref="AgentRunStatus.ModelError"/> and that text is not the answer. For a typed agent the pieces are
/// the JSON answer being written.
/// </remarks>
public sealed record TextDelta : AgentRunUpdate
{
    internal TextDelta(int iteration, int stepIndex, string text)
        : base(iteration, stepIndex)
        => Text = text;

    /// <summary>The new text.</summary>
    public string Text { get; }
}
