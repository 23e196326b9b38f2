namespace Declarative.Reflection;

/// <summary>
/// What one check said about a candidate answer: passed, or failed with feedback for the producer and,
/// optionally, findings addressed by JSON path into the answer (<c>$.sections[1].body</c>).
/// </summary>
public sealed record CheckResult
{
    private static readonly CheckResult Passed = new() { IsPassed = true };

    /// <summary>Whether the candidate passed.</summary>
    public bool IsPassed { get; init; }

    /// <summary>What to tell the producer, when it failed.</summary>
    public string? Feedback { get; init; }

    /// <summary>Where in the answer it failed, each with its path.</summary>
    public IReadOnlyList<ToolError> Findings { get; init; } = [];

    /// <summary>A pass.</summary>
    public static CheckResult Pass() => Passed;

    /// <summary>A failure.</summary>
    /// <param name="feedback">What to tell the producer.</param>
    /// <param name="findings">Where in the answer, by JSON path.</param>
    public static CheckResult Fail(string feedback, params ToolError[] findings)
    {
        ArgumentException.ThrowIfNullOrEmpty(feedback);
        return new CheckResult { IsPassed = false, Feedback = feedback, Findings = findings ?? [] };
    }

    /// <inheritdoc/>
    public override string ToString()
        => IsPassed ? "passed" : "failed: " + Feedback + (Findings.Count == 0 ? "" : " (" + string.Join("; ", Findings) + ")");
}
