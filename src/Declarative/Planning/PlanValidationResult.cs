namespace Declarative.Planning;

/// <summary>The outcome of validating a plan: the plan, or every error with its JSON path.</summary>
public sealed class PlanValidationResult
{
    internal PlanValidationResult(Plan? plan, IReadOnlyList<ToolError> errors)
    {
        Plan = plan;
        Errors = errors;
    }

    /// <summary>Whether the plan may run.</summary>
    public bool IsValid => Plan is not null;

    /// <summary>The validated plan; null when there are errors.</summary>
    public Plan? Plan { get; }

    /// <summary>Every error found, each with its path in the plan (<c>$.steps[2].arguments.itemIds</c>).</summary>
    public IReadOnlyList<ToolError> Errors { get; }

    /// <summary>One line per error, as a model would be told.</summary>
    public override string ToString() => IsValid ? "valid" : string.Join("\n", Errors.Select(e => e.ToString()));
}
