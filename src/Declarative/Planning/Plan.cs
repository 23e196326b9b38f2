namespace Declarative.Planning;

/// <summary>
/// A plan that passed <see cref="PlanValidator"/>: steps over an agent's tools, each with arguments
/// that may take values from earlier steps' results. Only a validator creates plans, so holding one
/// means every tool exists, every argument reads, every reference points at something of the right
/// type, and the steps form no cycle.
/// </summary>
/// <remarks>
/// The JSON form (the contract the model writes):
/// <code>
/// { "steps": [
///   { "id": "find",  "tool": "get_item_descriptions", "arguments": { "category": "sunglasses" } },
///   { "id": "stock", "tool": "check_inventory", "arguments": { "itemIds": { "$from": "find", "path": "/*/id" } } },
///   { "id": "price", "tool": "get_item_price", "arguments": { "itemIds": { "$from": "stock", "path": "/*/itemId" } },
///     "dependsOn": ["stock"], "description": "prices of what is in stock" } ] }
/// </code>
/// </remarks>
public sealed class Plan
{
    private readonly Dictionary<string, PlanStep> _byId;

    internal Plan(IReadOnlyList<PlanStep> steps, string json)
    {
        Steps = steps;
        Json = json;
        _byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The steps in the order written.</summary>
    public IReadOnlyList<PlanStep> Steps { get; }

    /// <summary>The plan's JSON text as received.</summary>
    public string Json { get; }

    /// <summary>A step by id.</summary>
    /// <param name="id">The step's id.</param>
    /// <exception cref="KeyNotFoundException">No step has that id.</exception>
    public PlanStep this[string id] => _byId[id];

    /// <summary>Finds a step by id.</summary>
    /// <param name="id">The step's id.</param>
    /// <param name="step">The step, when found.</param>
    public bool TryGetStep(string id, out PlanStep step) => _byId.TryGetValue(id, out step!);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Steps);
}
