namespace Declarative.Orchestration;

/// <summary>
/// A composition of agents with a typed input and result: generated for <see cref="SequentialAttribute"/>,
/// <see cref="ParallelAttribute"/>, <see cref="HandOffAttribute"/> and <see cref="GroupChatAttribute"/> classes,
/// and implemented by every <see cref="Composition{TInput, TOutput}"/> built at run time.
/// </summary>
/// <typeparam name="TInput">What the composition is given (<see cref="string"/> for a text message).</typeparam>
/// <typeparam name="TOutput">What it produces (<see cref="string"/> for text).</typeparam>
public interface IComposition<TInput, TOutput>
{
    /// <summary>The checked composition.</summary>
    Composition<TInput, TOutput> Composition { get; }
}
