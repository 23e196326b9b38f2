namespace Declarative;

/// <summary>Limits on what a run may use; any limit reached ends the run with <see cref="AgentRunStatus.BudgetExceeded"/>.</summary>
public sealed record UsageBudget
{
    /// <summary>Most input tokens over the run.</summary>
    public long? MaxInputTokens { get; init; }

    /// <summary>Most output tokens over the run.</summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>Most tokens (input plus output) over the run.</summary>
    public long? MaxTotalTokens { get; init; }

    /// <summary>Most money over the run, priced by <see cref="AgentRunOptions.Prices"/>.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Why the usage is over budget, or null when it is within.</summary>
    /// <param name="usage">The run's usage so far.</param>
    /// <param name="cost">Its cost so far, if known.</param>
    public string? Exceeded(UsageTotals usage, decimal? cost)
    {
        if (usage.InputTokens > MaxInputTokens)
        {
            return $"input tokens {usage.InputTokens} exceed the budget of {MaxInputTokens}";
        }
        if (usage.OutputTokens > MaxOutputTokens)
        {
            return $"output tokens {usage.OutputTokens} exceed the budget of {MaxOutputTokens}";
        }
        if (usage.TotalTokens > MaxTotalTokens)
        {
            return $"total tokens {usage.TotalTokens} exceed the budget of {MaxTotalTokens}";
        }
        if (cost > MaxCost)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cost {cost} exceeds the budget of {MaxCost}");
        }
        return null;
    }
}
