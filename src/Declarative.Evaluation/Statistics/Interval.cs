namespace Declarative.Evaluation;

/// <summary>A confidence interval for a proportion or a difference of proportions.</summary>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Whether the interval holds <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public bool Contains(double value) => Low <= value && value <= High;

    /// <inheritdoc/>
    public override string ToString()
        => FormattableString.Invariant($"[{Low:0.000}, {High:0.000}]");
}
