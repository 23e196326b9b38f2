namespace Declarative.Orchestration;

/// <summary>Why a group chat ended (<see cref="CompositionRunResult{TOutput}.Ending"/>).</summary>
public enum GroupChatEnding
{
    /// <summary>It reached <see cref="GroupChatOptions.MaxRounds"/>.</summary>
    MaxRounds,

    /// <summary>A message contained <see cref="GroupChatOptions.TerminationPhrase"/>.</summary>
    TerminationPhrase,

    /// <summary>The judge (<see cref="GroupChatOptions.Judge"/>) passed every criterion.</summary>
    Judge,

    /// <summary>A finishing participant (<see cref="Participant.Finishes"/>) gave a valid answer: the result.</summary>
    Finished,

    /// <summary>The speaker selector (<see cref="GroupChatOptions.Selector"/>) returned null.</summary>
    SelectorEnded,
}
