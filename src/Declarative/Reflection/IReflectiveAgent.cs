namespace Declarative.Reflection;

/// <summary>
/// A typed agent with a quality gate: its checks (<see cref="CheckAttribute"/> methods) and, optionally,
/// its critic (the <see cref="CriticAttribute"/> member). Generated for <c>[Agent]</c> classes that declare
/// either; <see cref="ReflectionRunner"/> runs the draft–check–revise loop over it.
/// </summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public interface IReflectiveAgent<TOutput> : IAgent<TOutput>
{
    /// <summary>The checks, in declaration order.</summary>
    IReadOnlyList<OutputCheck<TOutput>> Checks { get; }

    /// <summary>The critic, if the agent has one.</summary>
    IAgent<RubricVerdict>? Critic { get; }
}
