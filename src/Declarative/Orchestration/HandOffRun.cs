using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>
/// Runs a hand-off composition: the entry participant takes the conversation; a valid <c>transfer_to_&lt;x&gt;</c>
/// call ends its turn and the target takes over with the conversation so far plus the payload, under its
/// own instructions and tools (not the previous agent's). Only a participant that can finish may end the run
/// with its answer. Each turn is one agent invocation in the composition's trace, each transfer a
/// <see cref="HandOffStep"/> between them.
/// </summary>
internal sealed class HandOffRun
{
    /// <summary>How many times in a row a participant that cannot finish may answer instead of handing off (it is told each time).</summary>
    public const int MaxAnswersWithoutHandOff = 2;

    private readonly string _name;
    private readonly HandOffGraph _graph;
    private readonly HandOffOptions _options;
    private readonly bool _textResult;

    // Each participant's payload reader, made once with the composition: they hold no state of a run.
    private readonly HandOffPayloadReader[] _readers;

    public HandOffRun(string name, HandOffGraph graph, HandOffOptions options, bool textResult)
    {
        _name = name;
        _graph = graph;
        _options = options;
        _textResult = textResult;
        _readers = [.. graph.Participants.Select(PayloadReader)];
    }

    // Reads a hand-off payload for a target: {"reason"} for a text one; its typed input (with its generated reader) otherwise.
    private static HandOffPayloadReader PayloadReader(Participant target)
        => target.InputType is null
            ? HandOffToolSet.ReadReason
            : (ReadOnlySpan<byte> json, out string message, out IReadOnlyList<ToolError> errors) =>
            {
                var ok = target.TryRender(ParticipantInput.FromJson(json.ToArray()), out var rendered, out errors);
                message = rendered ?? "";
                return ok;
            };

    /// <summary>Runs the composition (its <see cref="CompositionExecutor"/>).</summary>
    public async Task<CompositionOutcome> ExecuteAsync(CompositionContext context, ParticipantInput input, CancellationToken cancellationToken)
    {
        var entry = _graph.Participants[0];
        if (!entry.TryRender(input, out var opening, out var errors))
        {
            return CompositionOutcome.InvalidHandOver(entry, "the composition's input", errors);
        }
        var conversation = new List<ChatMessage> { new(ChatRole.User, opening) };
        var handOffs = new List<(int From, int To, string Payload)>();
        var given = opening;
        var current = 0;
        var answersWithoutHandOff = 0;
        for (var turn = 1; ; turn++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.OverBudget() is { } spent)
            {
                return CompositionOutcome.Stopped(CompositionRunStatus.BudgetExceeded, spent);
            }
            var participant = _graph.Participants[current];
            var targets = new List<(int, Participant, HandOffPayloadReader)>(_graph.Targets[current].Length);
            foreach (var t in _graph.Targets[current])
            {
                targets.Add((t, _graph.Participants[t], _readers[t]));
            }
            var transfers = new HandOffToolSet(targets);
            var outcome = await context.RunOnMessagesAsync(new HandOffTurnParticipant(participant, transfers), conversation, given, turn, cancellationToken)
                .ConfigureAwait(false);
            if (!outcome.Completed)
            {
                return CompositionOutcome.Failed(outcome, $"turn {turn} of {_name}");
            }
            conversation = WithoutInstructions(outcome.Messages, participant.Agent);

            if (transfers.Requested is { } request)
            {
                answersWithoutHandOff = 0;
                var target = _graph.Participants[request.Target];
                if (_options.MaxHandOffs > 0 && handOffs.Count >= _options.MaxHandOffs)
                {
                    return CompositionOutcome.Stopped(CompositionRunStatus.HandOffLimitReached,
                        $"{_name} reached MaxHandOffs ({_options.MaxHandOffs}): '{participant.Name}' tried to hand off to '{target.Name}'", participant.Name);
                }
                if (handOffs.Contains((current, request.Target, request.PayloadJson)))
                {
                    // The same transfer with the same payload again: the agents pass the conversation round without progress.
                    return new CompositionOutcome
                    {
                        Status = CompositionRunStatus.AgentFailed,
                        Reason = $"'{participant.Name}' handed off to '{target.Name}' again with the same payload, a loop: {request.PayloadJson}",
                        FailedAgent = participant.Name,
                        FailedAgentStatus = AgentRunStatus.DelegationLoop,
                    };
                }
                handOffs.Add((current, request.Target, request.PayloadJson));
                var index = context.Trace.Reserve();
                context.Trace.Fill(new HandOffStep
                {
                    Index = index,
                    Iteration = turn,
                    StartedAt = context.Trace.Now(),
                    From = participant.Name,
                    To = target.Name,
                    Payload = request.PayloadJson,
                });
                given = target.InputType is null
                    ? $"{participant.Name} transferred the conversation to you ({target.Name}): {request.Message}"
                    : request.Message;
                conversation.Add(new ChatMessage(ChatRole.User, given) { AuthorName = participant.Name });
                current = request.Target;
                continue;
            }

            if (_graph.CanFinish[current])
            {
                return _textResult ? CompositionOutcome.Completed(outcome.HandedOn, outcome.HandedOn) : CompositionOutcome.CompletedWith(outcome);
            }
            // It answered but may not end the run: it is told how to go on, a bounded number of times.
            if (++answersWithoutHandOff > MaxAnswersWithoutHandOff)
            {
                return CompositionOutcome.Stopped(CompositionRunStatus.AgentFailed,
                    $"'{participant.Name}' cannot finish {_name} and answered {answersWithoutHandOff} times instead of handing off", participant.Name);
            }
            given = $"You ({participant.Name}) cannot give the final answer of {_name}. Transfer the conversation with one of: "
                + string.Join(", ", transfers.Tools.Select(t => t.Name)) + ".";
            conversation.Add(new ChatMessage(ChatRole.User, given));
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
