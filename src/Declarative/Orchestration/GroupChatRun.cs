using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>
/// Runs a group chat: one shared transcript (each message's <see cref="ChatMessage.AuthorName"/> is its
/// speaker); each round the chosen participant runs on the transcript; the chat ends at the round limit, on
/// the termination phrase, when the judge passes every criterion, on a finishing participant's valid
/// answer, or when the selector returns null. The result's <see cref="CompositionRunResult{TOutput}.Ending"/> says which.
/// </summary>
internal sealed class GroupChatRun
{
    /// <summary>How many times the selector model is asked again after naming no participant.</summary>
    public const int MaxSelectorRetries = 2;

    private readonly string _name;
    private readonly GroupChatOptions _options;
    private readonly IReadOnlyList<Participant> _participants;
    private readonly string[] _names;
    private readonly bool _textResult;
    private readonly Participant? _judge;
    private readonly Participant? _selector;

    private readonly Participant? _opener;

    public GroupChatRun(string name, GroupChatOptions options, IReadOnlyList<Participant> participants, Participant? opener, bool textResult)
    {
        _opener = opener;
        _name = name;
        _options = options;
        _participants = participants;
        _names = [.. participants.Select(p => p.Name)];
        _textResult = textResult;
        _judge = options.Judge is { } judge ? Participant.Of(judge) : null;
        if (options.Selection == SpeakerSelection.Model)
        {
            var roster = string.Join("\n", participants.Select(p => $"- {p.Name}" + (string.IsNullOrEmpty(p.Description) ? "" : ": " + p.Description)));
            _selector = Participant.Of(Agent.Create(name + ".selector",
                $"You choose who speaks next in the group chat {name}. The participants:\n{roster}\nAnswer with exactly one participant's name and nothing else.",
                options.SelectorModel));
        }
    }

    /// <summary>Runs the chat (its <see cref="CompositionExecutor"/>).</summary>
    public async Task<CompositionOutcome> ExecuteAsync(CompositionContext context, ParticipantInput input, CancellationToken cancellationToken)
    {
        string? opening;
        if (_opener is null)
        {
            opening = input.AsText() ?? input.Value?.ToString() ?? "";
        }
        else if (!_opener.TryRender(input, out opening, out var errors))
        {
            return CompositionOutcome.InvalidHandOver(_opener, "the composition's input", errors);
        }
        var transcript = new List<ChatMessage> { new(ChatRole.User, opening) };
        string? lastSpeaker = null;
        ChildOutcome? last = null;
        CompositionOutcome EndWithLast(GroupChatEnding ending)
        {
            if (_textResult)
            {
                var text = last?.HandedOn;
                return WithEnding(CompositionOutcome.Completed(text, text), ending);
            }
            return WithEnding(CompositionOutcome.Stopped(CompositionRunStatus.EndedWithoutResult,
                $"{_name} ended ({ending}) without a finishing participant's answer"), ending);
        }

        for (var round = 1; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (round > _options.MaxRounds)
            {
                return _textResult
                    ? EndWithLast(GroupChatEnding.MaxRounds)
                    : WithEnding(CompositionOutcome.Stopped(CompositionRunStatus.RoundLimitReached,
                        $"{_name} ended after MaxRounds ({_options.MaxRounds}) without a finishing answer"), GroupChatEnding.MaxRounds);
            }
            if (context.OverBudget() is { } spent)
            {
                return CompositionOutcome.Stopped(CompositionRunStatus.BudgetExceeded, spent);
            }

            var state = new GroupChatState(transcript.AsReadOnly(), _names, round - 1, lastSpeaker);
            var (speaker, failure) = await ChooseAsync(context, state, round, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }
            if (speaker < 0)
            {
                return EndWithLast(GroupChatEnding.SelectorEnded);
            }

            var participant = _participants[speaker];
            var outcome = await context.RunOnMessagesAsync(participant, ViewFor(participant.Name, transcript), null, round, cancellationToken).ConfigureAwait(false);
            if (!outcome.Completed)
            {
                return CompositionOutcome.Failed(outcome, $"round {round} of {_name}");
            }
            last = outcome;
            transcript.Add(new ChatMessage(ChatRole.Assistant, outcome.HandedOn ?? "") { AuthorName = participant.Name });
            lastSpeaker = participant.Name;

            if (participant.Finishes)
            {
                return WithEnding(_textResult ? CompositionOutcome.Completed(outcome.HandedOn, outcome.HandedOn) : CompositionOutcome.CompletedWith(outcome),
                    GroupChatEnding.Finished);
            }
            if (!string.IsNullOrEmpty(_options.TerminationPhrase)
                && outcome.HandedOn?.Contains(_options.TerminationPhrase, StringComparison.OrdinalIgnoreCase) == true)
            {
                return EndWithLast(GroupChatEnding.TerminationPhrase);
            }
            if (_judge is not null)
            {
                var verdict = await context.RunOnMessagesAsync(_judge, JudgeView(transcript), null, round, cancellationToken).ConfigureAwait(false);
                if (!verdict.Completed)
                {
                    return CompositionOutcome.Failed(verdict, $"the judge of {_name} in round {round}");
                }
                if (verdict.Output is RubricVerdict { AllPassed: true })
                {
                    return EndWithLast(GroupChatEnding.Judge);
                }
            }
        }
    }

    private static CompositionOutcome WithEnding(CompositionOutcome outcome, GroupChatEnding ending) => new()
    {
        Status = outcome.Status,
        Reason = outcome.Reason,
        FailedAgent = outcome.FailedAgent,
        FailedAgentStatus = outcome.FailedAgentStatus,
        Output = outcome.Output,
        Text = outcome.Text,
        Ending = ending,
    };

    // Picks the next speaker: its index, -1 when the chat is to end, or the failure that ends it.
    private async Task<(int Speaker, CompositionOutcome? Failure)> ChooseAsync(CompositionContext context, GroupChatState state, int round,
                                                                                CancellationToken cancellationToken)
    {
        switch (_options.Selection)
        {
            case SpeakerSelection.RoundRobin:
                return (state.Turn % _names.Length, null);
            case SpeakerSelection.Code:
                string? chosen;
                try
                {
                    chosen = _options.Selector!(state);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    return (0, CompositionOutcome.Stopped(CompositionRunStatus.SpeakerSelectionFailed,
                        $"the speaker selector of {_name} threw in round {round}: {exception.Message}"));
                }
                if (chosen is null)
                {
                    return (-1, null);
                }
                var index = Array.IndexOf(_names, chosen);
                return index >= 0
                    ? (index, null)
                    : (0, CompositionOutcome.Stopped(CompositionRunStatus.SpeakerSelectionFailed,
                        $"the speaker selector of {_name} chose '{chosen}', which is not a participant (participants: {string.Join(", ", _names)})"));
            default:
                return await AskModelAsync(context, state, round, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(int Speaker, CompositionOutcome? Failure)> AskModelAsync(CompositionContext context, GroupChatState state, int round,
                                                                                  CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>(state.Transcript.Count + 2);
        foreach (var message in state.Transcript)
        {
            messages.Add(new ChatMessage(ChatRole.User, message.AuthorName is { } author ? $"{author}: {message.Text}" : message.Text));
        }
        messages.Add(new ChatMessage(ChatRole.User, "Who speaks next? Answer with one name: " + string.Join(", ", _names) + "."));
        string? answer = null;
        for (var attempt = 0; attempt <= MaxSelectorRetries; attempt++)
        {
            var outcome = await context.RunOnMessagesAsync(_selector!, messages, null, round, cancellationToken).ConfigureAwait(false);
            if (!outcome.Completed)
            {
                return (0, CompositionOutcome.Failed(outcome, $"choosing the speaker of round {round} of {_name}"));
            }
            answer = outcome.Text?.Trim().Trim('"', '\'', '.', '*', ' ');
            var index = answer is null ? -1 : Array.FindIndex(_names, n => string.Equals(n, answer, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return (index, null);
            }
            messages = [.. outcome.Messages.Where(m => m.Role != ChatRole.System),
                new ChatMessage(ChatRole.User, $"'{answer}' is not a participant. Answer with exactly one of: {string.Join(", ", _names)}.")];
        }
        return (0, CompositionOutcome.Stopped(CompositionRunStatus.SpeakerSelectionFailed,
            $"the speaker selector of {_name} named no participant after {MaxSelectorRetries + 1} attempts (last answer: '{answer}')"));
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
