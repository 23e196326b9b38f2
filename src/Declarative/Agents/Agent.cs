namespace Declarative;

/// <summary>Builds agents at run time, for when the tool list is only known then.</summary>
public static class Agent
{
    /// <summary>Creates an agent over the given tool sets.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="instructions">Its system instructions.</param>
    /// <param name="toolSets">Its tools; two tools with one name are an error.</param>
    /// <exception cref="ArgumentException">Two tools share a name.</exception>
    /// <example><code>var agent = Agent.Create("support", "Answer briefly.", new StoreTools(catalog));</code></example>
    public static IAgent Create(string name, string instructions, params IToolSet[] toolSets)
        => Create(name, instructions, model: null, toolSets);

    /// <summary>Creates an agent over the given tool sets, asking for a model id or tier.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="instructions">Its system instructions.</param>
    /// <param name="model">A model id or tier for <see cref="ModelRegistry"/>.</param>
    /// <param name="toolSets">Its tools; two tools with one name are an error.</param>
    public static IAgent Create(string name, string instructions, string? model, params IToolSet[] toolSets)
    {
        ArgumentNullException.ThrowIfNull(toolSets);
        var tools = new CompositeToolSet(toolSets);
        return new RuntimeAgent(new AgentDescriptor(name, instructions, tools.Tools, model: model), tools);
    }

    private sealed class RuntimeAgent(AgentDescriptor descriptor, IToolSet tools) : IAgent
    {
        public AgentDescriptor Descriptor => descriptor;

        public IToolSet Tools => tools;
    }
}
