using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>
/// Runs a group chat: one shared transcript (each message's <see cref="ChatMessage.AuthorName"/> is its
/// speaker); each turn the chosen participant runs on the transcript; the chat ends at the round limit, on
/// the termination phrase, when the judge passes every criterion, on a finishing participant's valid
/// answer, or when the selector returns null. The outcome's ending says which.
/// </summary>
internal sealed class GroupChatRun<TInput, TOutput>
{
    /// <summary>How many times the selector model is asked again after naming no participant.</summary>
    public const int MaxSelectorRetries = 2;

    private readonly string _name;
    private readonly GroupChatOptions _options;
    private readonly IReadOnlyList<Participant> _participants;
    private readonly string[] _names;

    public GroupChatRun(string name, GroupChatOptions options, IReadOnlyList<Participant> participants)
    {
        _name = name;
        _options = options;
        _participants = participants;
        _names = [.. participants.Select(p => p.Name)];
    }

    private static string Opening(TInput input, IReadOnlyList<Participant> participants)
        => input is string text ? text : GroupChatChecks.OpeningFormatter<TInput>(participants)!.FormatInput(input);

    /// <summary>Runs the chat.</summary>
    public async Task<ConversationOutcome<TOutput>> RunAsync(CompositionTurnRunner runTurn, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runTurn);
        var transcript = new List<ChatMessage> { new(ChatRole.User, Opening(input, _participants)) };
        var turns = new List<AgentTurn>();
        string? lastSpeaker = null;
        ConversationOutcome<TOutput> End(AgentRunStatus status, string? reason, TOutput? output, string ending)
            => new(status, reason, output, transcript.Count > 1 ? transcript[^1].Text : null, transcript, turns, [], ending);
        ConversationOutcome<TOutput> EndWithLast(string ending)
            => typeof(TOutput) == typeof(string) && transcript.Count > 1
                ? End(AgentRunStatus.Completed, null, (TOutput)(object)transcript[^1].Text, ending)
                : End(AgentRunStatus.Completed, null, default, ending);

        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (round >= _options.MaxRounds)
            {
                return typeof(TOutput) == typeof(string)
                    ? EndWithLast("MaxRounds")
                    : End(AgentRunStatus.MaxIterationsReached, $"{_name} ended after MaxRounds ({_options.MaxRounds}) without a finishing answer", default, "MaxRounds");
            }

            var state = new GroupChatState(transcript.AsReadOnly(), _names, round, lastSpeaker);
            var (speaker, failure) = await ChooseAsync(state, runTurn, turns, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return End(AgentRunStatus.ModelError, failure, default, "SelectionFailed");
            }
            if (speaker < 0)
            {
                return typeof(TOutput) == typeof(string)
                    ? EndWithLast("SelectorEnded")
                    : End(AgentRunStatus.MaxIterationsReached, $"the speaker selector of {_name} ended the chat without a finishing answer", default, "SelectorEnded");
            }

            var participant = _participants[speaker];
            var result = await runTurn(participant.Agent, participant.Name, ViewFor(participant.Name, transcript), cancellationToken).ConfigureAwait(false);
            turns.Add(new AgentTurn(participant.Name, result));
            if (!result.IsCompleted)
            {
                return End(result.Status, $"'{participant.Name}' did not finish its turn: {result.Reason}", default, "TurnFailed");
            }
            transcript.Add(new ChatMessage(ChatRole.Assistant, result.Text ?? "") { AuthorName = participant.Name });
            lastSpeaker = participant.Name;

            if (participant.Finishes)
            {
                var output = result is AgentRunResult<TOutput> typed ? typed.Output : result.Text is TOutput text ? text : default;
                return End(AgentRunStatus.Completed, null, output, "Finished");
            }
            if (!string.IsNullOrEmpty(_options.TerminationPhrase) && result.Text?.Contains(_options.TerminationPhrase, StringComparison.OrdinalIgnoreCase) == true)
            {
                return EndWithLast("TerminationPhrase");
            }
            if (_options.Judge is { } judge)
            {
                var verdict = await runTurn(judge, judge.Descriptor.Name, JudgeView(transcript), cancellationToken).ConfigureAwait(false);
                turns.Add(new AgentTurn(judge.Descriptor.Name, verdict));
                if (!verdict.IsCompleted)
                {
                    return End(verdict.Status, $"the judge '{judge.Descriptor.Name}' did not give a verdict: {verdict.Reason}", default, "TurnFailed");
                }
                if (verdict is AgentRunResult<RubricVerdict> { Output.AllPassed: true })
                {
                    return EndWithLast("Judge");
                }
            }
        }
    }

    // Picks the next speaker: its index, -1 when the chat is to end, or a failure.
    private async Task<(int Speaker, string? Failure)> ChooseAsync(GroupChatState state, CompositionTurnRunner runTurn, List<AgentTurn> turns,
                                                                    CancellationToken cancellationToken)
    {
        switch (_options.Selection)
        {
            case SpeakerSelection.RoundRobin:
                return (state.Turn % _names.Length, null);
            case SpeakerSelection.Code:
                var chosen = _options.Selector!(state);
                if (chosen is null)
                {
                    return (-1, null);
                }
                var index = Array.IndexOf(_names, chosen);
                return index >= 0
                    ? (index, null)
                    : (0, $"the speaker selector of {_name} chose '{chosen}', which is not a participant (participants: {string.Join(", ", _names)})");
            default:
                return await AskModelAsync(state, runTurn, turns, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(int Speaker, string? Failure)> AskModelAsync(GroupChatState state, CompositionTurnRunner runTurn, List<AgentTurn> turns,
                                                                      CancellationToken cancellationToken)
    {
        var roster = string.Join("\n", _participants.Select(p => $"- {p.Name}" + (string.IsNullOrEmpty(p.Description) ? "" : ": " + p.Description)));
        var selector = Agent.Create(_name + ".selector",
            $"You choose who speaks next in the group chat {_name}. The participants:\n{roster}\nAnswer with exactly one participant's name and nothing else.",
            _options.SelectorModel);
        var messages = new List<ChatMessage>(state.Transcript.Count + 2);
        foreach (var message in state.Transcript)
        {
            messages.Add(new ChatMessage(ChatRole.User, message.AuthorName is { } author ? $"{author}: {message.Text}" : message.Text));
        }
        messages.Add(new ChatMessage(ChatRole.User, "Who speaks next? Answer with one name: " + string.Join(", ", _names) + "."));
        string? answer = null;
        for (var attempt = 0; attempt <= MaxSelectorRetries; attempt++)
        {
            var result = await runTurn(selector, selector.Descriptor.Name, messages, cancellationToken).ConfigureAwait(false);
            turns.Add(new AgentTurn(selector.Descriptor.Name, result));
            if (!result.IsCompleted)
            {
                return (0, $"the speaker selector of {_name} failed: {result.Reason}");
            }
            answer = result.Text?.Trim().Trim('"', '\'', '.', '*', ' ');
            var index = answer is null ? -1 : Array.FindIndex(_names, n => string.Equals(n, answer, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return (index, null);
            }
            messages = [.. result.Messages.Where(m => m.Role != ChatRole.System),
                new ChatMessage(ChatRole.User, $"'{answer}' is not a participant. Answer with exactly one of: {string.Join(", ", _names)}.")];
        }
        return (0, $"the speaker selector of {_name} named no participant after {MaxSelectorRetries + 1} attempts (last answer: '{answer}')");
    }

    // What a speaker sees: its own messages as its (assistant) turns, everyone else's as user messages naming the speaker.
    private static List<ChatMessage> ViewFor(string speaker, List<ChatMessage> transcript)
    {
        var view = new List<ChatMessage>(transcript.Count);
        foreach (var message in transcript)
        {
            view.Add(message.AuthorName is null ? message
                : message.AuthorName == speaker ? new ChatMessage(ChatRole.Assistant, message.Text) { AuthorName = speaker }
                : new ChatMessage(ChatRole.User, $"{message.AuthorName}: {message.Text}") { AuthorName = message.AuthorName });
        }
        return view;
    }

    // What the judge sees: the whole transcript, each message naming its speaker, and the question.
    private static List<ChatMessage> JudgeView(List<ChatMessage> transcript)
    {
        var view = new List<ChatMessage>(transcript.Count + 1);
        foreach (var message in transcript)
        {
            view.Add(new ChatMessage(ChatRole.User, message.AuthorName is { } author ? $"{author}: {message.Text}" : message.Text));
        }
        view.Add(new ChatMessage(ChatRole.User, "Judge the conversation so far against your criteria."));
        return view;
    }
}
