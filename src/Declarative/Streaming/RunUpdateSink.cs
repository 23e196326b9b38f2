using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Declarative.Streaming;

/// <summary>
/// Where a streamed run reports what happens, as it happens: the run's trace builder reports each step it
/// is given (<see cref="RunTraceBuilder.Updates"/>), the model-call step its text as it arrives, the loop
/// the calls a turn asks for, their approvals and starts. A run without a sink (every non-streaming run)
/// reports nothing and pays only a null check.
/// </summary>
/// <remarks>
/// <para>Thread-safe: calls of one turn run in parallel and report their ends from their own threads.
/// Writing never waits: the stream's reader takes updates at its own pace, and an update written after the
/// stream closed (a call winding down after cancellation) is dropped.</para>
/// <para>Patterns built on the loop (reflection rounds, guardrails) report their own update kinds with
/// <see cref="Report"/>; a step kind the trace records without an update of its own is not reported.</para>
/// </remarks>
internal sealed class RunUpdateSink
{
    private readonly ChannelWriter<AgentRunUpdate> _writer;

    public RunUpdateSink(ChannelWriter<AgentRunUpdate> writer) => _writer = writer;

    /// <summary>Reports an update.</summary>
    public void Report(AgentRunUpdate update) => _writer.TryWrite(update);

    /// <summary>A step was put in the trace.</summary>
    public void StepRecorded(TraceStep step)
    {
        switch (step)
        {
            case ToolCallStep call:
                Report(new ToolCallFinished(call));
                break;
            case ModelCallStep model:
                Report(new ModelCallFinished(model));
                break;
            case OutputValidationStep validation:
                Report(new OutputValidated(validation));
                break;
            case GuardrailStep guardrail:
                Report(new GuardrailChecked(guardrail));
                break;
        }
    }

    /// <summary>The text of one streamed chunk of a model call.</summary>
    public void Chunk(ChatResponseUpdate update, int iteration, int stepIndex)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is TextContent { Text: { Length: > 0 } text })
            {
                Report(new TextDelta(iteration, stepIndex, text));
            }
        }
    }

    /// <summary>The calls a turn asks for, in the order asked.</summary>
    public void Requested(ResponseToolCalls calls, int iteration)
    {
        foreach (var call in calls)
        {
            Report(new ToolCallRequested(iteration, call));
        }
    }

    /// <summary>Ends the stream: nothing written afterwards is kept.</summary>
    public void Close() => _writer.TryComplete();

    // A call whose arguments the chat client could not parse has none to show.
    internal static string ArgumentsText(FunctionCallContent call)
    {
        try
        {
            return Encoding.UTF8.GetString(ArgumentsJson.FromCall(call));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return "{}";
        }
    }
}
