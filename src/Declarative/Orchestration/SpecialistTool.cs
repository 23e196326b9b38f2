using System.Text;

namespace Declarative.Orchestration;

// A specialist agent as one tool of a manager (AgentTool.Create). Inside an AgentRunner run the runner calls
// InvokeAsync, which runs the specialist as a nested run; IToolSet.InvokeAsync (any other caller) says it cannot.
internal sealed class SpecialistTool : IToolSet
{
    private const string TextInputSchema = """{"type":"object","properties":{"request":{"type":"string","description":"What to ask the agent, in full: it sees nothing else of the conversation."}},"required":["request"],"additionalProperties":false}""";

    private readonly ToolDescriptor[] _tools;

    public SpecialistTool(Participant participant, string toolName)
    {
        Participant = participant;
        Name = toolName;
        var description = participant.Description ?? $"Asks the agent '{participant.Name}'.";
        _tools = [new ToolDescriptor(toolName, description, participant.InputSchema?.GetRawText() ?? TextInputSchema,
                                     participant.OutputSchema?.GetRawText() ?? """{"type":"string"}""") { Specialist = this }];
    }

    public Participant Participant { get; }

    public string Name { get; }

    public IReadOnlyList<ToolDescriptor> Tools => _tools;

    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        => new(toolName == Name
            ? ToolResult.Failure("$", $"the tool '{Name}' runs the agent '{Participant.Name}' as a nested run, which only an AgentRunner run can do")
            : ToolResult.UnknownTool(toolName, [Name]));

    public async ValueTask<ToolInvocation.Outcome> InvokeAsync(AgentRunner runner, RunTraceBuilder trace, AgentRunOptions options, RunTree tree, int iteration,
                                                               byte[] arguments, RunClock clock, CancellationToken cancellationToken)
    {
        if (!Participant.TryMessageFromArguments(arguments, out var message, out var errors))
        {
            return new(ToolResult.Failure(errors), false, clock.Timestamp(), false);
        }
        if (tree.IsRepeat(Name, arguments))
        {
            return new(ToolResult.Failure("$", $"'{Participant.Name}' was already asked exactly this in this run: use that answer, or ask something different"),
                       false, clock.Timestamp(), false);
        }
        var child = await ChildRun.RunAsync(runner, Participant, [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, message)],
            trace, options, tree, iteration, cancellationToken).ConfigureAwait(false);
        if (!child.IsCompleted)
        {
            return new(ToolResult.Failure("$", $"'{Participant.Name}' could not finish ({child.Status}): {child.Reason}"), false, clock.Timestamp(), false);
        }
        var json = child.AnswerJson is { } answer ? Encoding.UTF8.GetBytes(answer) : ChildRun.TextAsJson(child.Text);
        return new(ToolResult.Success(json), false, clock.Timestamp(), false);
    }
}
