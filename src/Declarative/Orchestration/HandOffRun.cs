using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>
/// Runs a hand-off composition: the entry participant takes the conversation; a valid <c>transfer_to_&lt;x&gt;</c>
/// call ends its turn and the target takes over with the conversation so far plus the payload, under its
/// own instructions and tools. Only a participant that can finish may end the run with its answer.
/// </summary>
internal sealed class HandOffRun<TInput, TOutput>
{
    private readonly string _name;
    private readonly HandOffGraph _graph;
    private readonly HandOffOptions _options;
    private readonly HandOffPayloadReader[] _readers;

    public HandOffRun(string name, HandOffGraph graph, HandOffOptions options)
    {
        _name = name;
        _graph = graph;
        _options = options;
        _readers = [.. graph.Participants.Select(PayloadReader)];
    }

    // The reader of a hand-off payload to a participant: {"reason"} for a text one; for a typed one, its own generated
    // reader (a malformed payload is a path-addressed error), the message it sees being its rendering of the value.
    private static HandOffPayloadReader PayloadReader(Participant participant)
        => participant.InputType is null
            ? HandOffToolSet.ReadReason
            : (ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors) => participant.TryMessageFromArguments(utf8Json, out message, out errors);

    /// <summary>The opening message: the input as text, or rendered by the entry participant.</summary>
    private string Opening(TInput input)
        => input is string text ? text : ((IAgentWithInput<TInput>)_graph.Participants[0].Agent).FormatInput(input);

    /// <summary>Runs the composition.</summary>
    /// <param name="runTurn">Runs one agent turn as part of the composition's run.</param>
    /// <param name="input">The composition's input.</param>
    /// <param name="maxInvocations">The most agent turns in all.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<ConversationOutcome<TOutput>> RunAsync(CompositionTurnRunner runTurn, TInput input, int maxInvocations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runTurn);
        var conversation = new List<ChatMessage> { new(ChatRole.User, Opening(input)) };
        var turns = new List<AgentTurn>();
        var handOffs = new List<HandOffRecord>();
        var current = 0;
        ConversationOutcome<TOutput> End(AgentRunStatus status, string? reason, TOutput? output, string? text, string ending)
            => new(status, reason, output, text, conversation, turns, handOffs, ending);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var participant = _graph.Participants[current];
            if (turns.Count >= maxInvocations)
            {
                return End(AgentRunStatus.MaxIterationsReached,
                    $"{_name} used all {maxInvocations} agent invocations without a final answer (last: '{participant.Name}')", default, null, "MaxInvocations");
            }
            var targets = _graph.Targets[current].Select(t => (t, _graph.Participants[t], _readers[t])).ToList();
            var transfers = new HandOffToolSet(targets);
            var finishesTyped = _graph.CanFinish[current] && typeof(TOutput) != typeof(string) && participant.Agent is IAgent<TOutput>;
            IAgent turnAgent = finishesTyped ? new HandOffTurnAgent<TOutput>((IAgent<TOutput>)participant.Agent, transfers) : new HandOffTurnAgent(participant.Agent, transfers);

            var result = await runTurn(turnAgent, participant.Name, conversation, cancellationToken).ConfigureAwait(false);
            turns.Add(new AgentTurn(participant.Name, result));
            conversation = WithoutInstructions(result.Messages, turnAgent);
            if (!result.IsCompleted)
            {
                return End(result.Status, $"'{participant.Name}' did not finish its turn: {result.Reason}", default, null, "TurnFailed");
            }

            if (transfers.Requested is { } request)
            {
                var target = _graph.Participants[request.Target];
                if (_options.MaxHandOffs > 0 && handOffs.Count >= _options.MaxHandOffs)
                {
                    return End(AgentRunStatus.MaxIterationsReached,
                        $"{_name} reached MaxHandOffs ({_options.MaxHandOffs}): '{participant.Name}' tried to hand off to '{target.Name}'", default, null, "MaxHandOffs");
                }
                var handOff = new HandOffRecord(participant.Name, target.Name, request.PayloadJson);
                if (handOffs.Contains(handOff))
                {
                    // The same transfer with the same payload again: the agents are passing the conversation round without progress.
                    return End(AgentRunStatus.MaxIterationsReached,
                        $"'{participant.Name}' handed off to '{target.Name}' again with the same payload, a loop: {request.PayloadJson}", default, null, "RepeatedHandOff");
                }
                handOffs.Add(handOff);
                conversation.Add(new ChatMessage(ChatRole.User, target.InputSchema is null
                    ? $"{participant.Name} transferred the conversation to you ({target.Name}): {request.Message}"
                    : request.Message) { AuthorName = participant.Name });
                current = request.Target;
                continue;
            }

            if (_graph.CanFinish[current])
            {
                var output = result is AgentRunResult<TOutput> typed ? typed.Output : result.Text is TOutput text ? text : default;
                return End(AgentRunStatus.Completed, null, output, result.Text, "Finished");
            }
            // It answered but may not end the run: tell it how to go on, bounded by the invocation limit.
            var tools = string.Join(", ", transfers.Tools.Select(t => t.Name));
            conversation.Add(new ChatMessage(ChatRole.User,
                $"You ({participant.Name}) cannot give the final answer of {_name}. Transfer the conversation with one of: {tools}."));
        }
    }

    // The conversation a turn hands on: without the agent's own instructions, which the next agent replaces with its own.
    private static List<ChatMessage> WithoutInstructions(IReadOnlyList<ChatMessage> messages, IAgent agent)
    {
        var skip = messages.Count > 0 && messages[0].Role == ChatRole.System && !string.IsNullOrEmpty(agent.Descriptor.Instructions) ? 1 : 0;
        var list = new List<ChatMessage>(messages.Count - skip + 1);
        for (var i = skip; i < messages.Count; i++)
        {
            list.Add(messages[i]);
        }
        return list;
    }
}

/// <summary>Runs one agent turn of a composition as part of the composition's run (typed when the agent is).</summary>
internal delegate Task<AgentRunResult> CompositionTurnRunner(IAgent agent, string participant, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken);
