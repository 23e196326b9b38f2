namespace Declarative;

/// <summary>What one model costs, in money per million tokens.</summary>
/// <param name="InputPerMillion">Price of a million uncached input tokens.</param>
/// <param name="OutputPerMillion">Price of a million output tokens.</param>
/// <param name="CachedInputPerMillion">Price of a million cached input tokens; the input price when omitted.</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion = null)
{
    /// <summary>The cost of the given usage at this price.</summary>
    /// <param name="usage">Token counts.</param>
    public decimal CostOf(UsageTotals usage)
    {
        var cached = Math.Min(usage.CachedInputTokens, usage.InputTokens);
        var uncached = usage.InputTokens - cached;
        return ((uncached * InputPerMillion) + (cached * (CachedInputPerMillion ?? InputPerMillion)) + (usage.OutputTokens * OutputPerMillion)) / 1_000_000m;
    }
}

/// <summary>
/// Prices per model id, so runs can report (and be limited by) what they cost.
/// Model ids are matched exactly first, then by the longest registered prefix
/// (so <c>gpt-4o-mini</c> also prices <c>gpt-4o-mini-2024-07-18</c>).
/// </summary>
/// <example>
/// <code>
/// var prices = new PriceTable()
///     .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m));
/// </code>
/// </example>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds or replaces a model's price.</summary>
    /// <param name="modelId">The model id, or a prefix of ids.</param>
    /// <param name="price">Its price.</param>
    /// <returns>This table, for chaining.</returns>
    public PriceTable Add(string modelId, ModelPrice price)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentNullException.ThrowIfNull(price);
        _prices[modelId] = price;
        return this;
    }

    /// <summary>Finds the price of a model, or <see langword="null"/> when it has none.</summary>
    /// <param name="modelId">The model id as reported by the provider or requested.</param>
    public ModelPrice? Find(string? modelId)
    {
        if (string.IsNullOrEmpty(modelId))
        {
            return null;
        }
        if (_prices.TryGetValue(modelId, out var exact))
        {
            return exact;
        }
        ModelPrice? best = null;
        var bestLength = 0;
        foreach (var (key, price) in _prices)
        {
            if (key.Length > bestLength && modelId.StartsWith(key, StringComparison.OrdinalIgnoreCase))
            {
                best = price;
                bestLength = key.Length;
            }
        }
        return best;
    }

    /// <summary>The cost of a usage on a model, or <see langword="null"/> when the model has no price.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="usage">Token counts.</param>
    public decimal? CostOf(string? modelId, UsageTotals usage) => Find(modelId)?.CostOf(usage);
}
