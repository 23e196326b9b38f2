namespace Declarative.Streaming;

/// <summary>
/// One thing that happened in a streamed run (<see cref="AgentRunner.RunStreamingAsync(IAgent, string, CancellationToken)"/>):
/// text as the model writes it, a model call or tool call as it starts and ends, an approval asked and
/// decided, and, last, the run's end with its status and trace.
/// </summary>
/// <remarks>
/// <para>The kinds today: <see cref="TextDelta"/>, <see cref="ModelCallFinished"/>, <see cref="ToolCallRequested"/>,
/// <see cref="ApprovalRequested"/>, <see cref="ApprovalDecided"/>, <see cref="ToolCallStarted"/>,
/// <see cref="ToolCallFinished"/>, <see cref="OutputValidated"/>, <see cref="GuardrailChecked"/> and <see cref="RunCompleted"/>,
/// always the last; for compositions also <see cref="AgentInvocationFinished"/>, and <see cref="CompositionCompleted"/> last.</para>
/// <para>More kinds will come as more patterns stream (reflection rounds begun and judged). Match the kinds you use and ignore the rest (a <c>switch</c> with a default branch), so a new
/// kind never breaks a consumer. Only this library derives from this class.</para>
/// <para>Updates of one run arrive in the order they happened on the run's own flow; calls that run in
/// parallel (read-only tools) report their ends in the order they finished. Every update that belongs to a
/// trace step names its <see cref="StepIndex"/>, the step's <see cref="TraceStep.Index"/> in the final trace.</para>
/// </remarks>
/// <example>
/// <code>
/// await foreach (var update in runner.RunStreamingAsync(agent, "Any round sunglasses under $100?"))
/// {
///     switch (update)
///     {
///         case TextDelta delta: Console.Write(delta.Text); break;
///         case ToolCallStarted call: Console.WriteLine($"[{call.ToolName}...]"); break;
///         case RunCompleted end: Console.WriteLine($"\n{end.Status}"); break;
///     }
/// }
/// </code>
/// </example>
public abstract record AgentRunUpdate
{
    private protected AgentRunUpdate(int iteration, int stepIndex)
    {
        Iteration = iteration;
        StepIndex = stepIndex;
    }

    /// <summary>The loop iteration (model turn) it belongs to, from 1; 0 for the run as a whole.</summary>
    public int Iteration { get; }

    /// <summary>The <see cref="TraceStep.Index"/> of the step it belongs to, or -1 when none (the run's end, a call not yet scheduled).</summary>
    public int StepIndex { get; }

    /// <summary>
    /// The agent that produced it when the run has several (a manager's specialist, a composition's
    /// participant: its participant name), so a reader can tell them apart; null for the run's own
    /// top-level agent. A <see cref="StepIndex"/> tagged with an agent counts within that agent's invocation.
    /// </summary>
    public string? AgentName { get; internal set; }
}
