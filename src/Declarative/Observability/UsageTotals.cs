using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>Token counts, summed over the model calls of a run (or of one call).</summary>
/// <remarks>
/// A value type: a run adds one per model call to its step and to its total, and these sums should
/// cost no allocation. <c>default</c> is <see cref="Zero"/>.
/// </remarks>
public readonly record struct UsageTotals
{
    /// <summary>No usage.</summary>
    public static UsageTotals Zero => default;

    /// <summary>Input (prompt) tokens, including cached ones.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output (completion) tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Input tokens served from the provider's prompt cache (a subset of <see cref="InputTokens"/>).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Adds two usages.</summary>
    public static UsageTotals operator +(UsageTotals left, UsageTotals right) => new()
    {
        InputTokens = left.InputTokens + right.InputTokens,
        OutputTokens = left.OutputTokens + right.OutputTokens,
        CachedInputTokens = left.CachedInputTokens + right.CachedInputTokens,
    };

    /// <summary>Reads a provider's <see cref="UsageDetails"/>; missing counts are zero.</summary>
    /// <param name="usage">The usage reported with a response, if any.</param>
    public static UsageTotals From(UsageDetails? usage) => usage is null
        ? default
        : new UsageTotals
        {
            InputTokens = usage.InputTokenCount ?? 0,
            OutputTokens = usage.OutputTokenCount ?? 0,
            CachedInputTokens = usage.CachedInputTokenCount ?? 0,
        };
}
