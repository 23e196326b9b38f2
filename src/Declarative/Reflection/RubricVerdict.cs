namespace Declarative.Reflection;

/// <summary>
/// A critic's answer: a list of binary criteria, each passed or failed with a reason. Binary rubric items,
/// not 1–5 scores, because a yes/no judgement on a named criterion is reproducible and says what to fix.
/// Declare a critic agent with <c>OutputType = typeof(RubricVerdict)</c>.
/// </summary>
public sealed record RubricVerdict
{
    /// <summary>The criteria judged.</summary>
    public required List<RubricItem> Items { get; init; }

    /// <summary>Whether every criterion passed (and there was at least one).</summary>
    public bool AllPassed => Items.Count > 0 && Items.TrueForAll(i => i.Passed);
}

/// <summary>One criterion of a <see cref="RubricVerdict"/>.</summary>
public sealed record RubricItem
{
    /// <summary>The criterion, in words (<c>"The call to action names a date"</c>).</summary>
    public required string Criterion { get; init; }

    /// <summary>Whether the candidate meets it.</summary>
    public required bool Passed { get; init; }

    /// <summary>Why, especially when it failed: what to change.</summary>
    public string? Reason { get; init; }
}
