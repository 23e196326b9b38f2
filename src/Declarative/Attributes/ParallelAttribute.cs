namespace Declarative;

/// <summary>
/// Declares a parallel fan-out on a <c>partial</c> class: the same input goes to every
/// <see cref="UseAgentAttribute"/> member (the branches, which must all take that input's type); they run
/// concurrently, and the class's <see cref="JoinAttribute"/> method joins their answers into the result.
/// A branch that fails is reported by name; the others finish.
/// </summary>
/// <example>
/// <code>
/// [Parallel]
/// public partial class MarketScan([UseAgent] PriceScout prices, [UseAgent] ReviewScout reviews)
/// {
///     [Join]
///     public static MarketReport Join(PriceFindings prices, ReviewFindings reviews) => new(prices, reviews);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ParallelAttribute : Attribute
{
    /// <summary>The composition's name (in traces and spans); the class name when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>What the composition does.</summary>
    public string? Description { get; init; }
}
