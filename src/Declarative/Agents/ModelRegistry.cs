using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// Maps the model ids and tiers agents ask for to chat clients, so each agent names what it needs
/// ("small", "gpt-4o") and the application decides what serves it.
/// </summary>
/// <example>
/// <code>
/// var models = new ModelRegistry(defaultClient: openAi, defaultModelId: "gpt-4o")
///     .Add("small", openAi, modelId: "gpt-4o-mini")
///     .Add("local", ollama, modelId: "llama3.2");
/// </code>
/// </example>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, (IChatClient Client, string? ModelId)> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry with a default client for agents that name no model.</summary>
    /// <param name="defaultClient">The client for unnamed (and unknown, when <paramref name="unknownToDefault"/>) models.</param>
    /// <param name="defaultModelId">The model id to request from it, or null for the client's own default.</param>
    /// <param name="unknownToDefault">Send agents that name an unregistered model to the default client with that model id.</param>
    public ModelRegistry(IChatClient? defaultClient = null, string? defaultModelId = null, bool unknownToDefault = true)
    {
        DefaultClient = defaultClient;
        DefaultModelId = defaultModelId;
        UnknownToDefault = unknownToDefault;
    }

    /// <summary>The client for agents that name no model.</summary>
    public IChatClient? DefaultClient { get; }

    /// <summary>The model id requested from the default client.</summary>
    public string? DefaultModelId { get; }

    /// <summary>Whether an unregistered model name goes to the default client (as the requested model id).</summary>
    public bool UnknownToDefault { get; }

    /// <summary>Registers a model id or tier.</summary>
    /// <param name="nameOrTier">What agents ask for.</param>
    /// <param name="client">The client that serves it.</param>
    /// <param name="modelId">The model id to request; <paramref name="nameOrTier"/> when omitted.</param>
    /// <returns>This registry, for chaining.</returns>
    public ModelRegistry Add(string nameOrTier, IChatClient client, string? modelId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrTier);
        ArgumentNullException.ThrowIfNull(client);
        _entries[nameOrTier] = (client, modelId ?? nameOrTier);
        return this;
    }

    /// <summary>Finds the client and model id for what an agent asks for.</summary>
    /// <param name="model">The agent's model id or tier; null for the default.</param>
    /// <exception cref="InvalidOperationException">Nothing serves that model.</exception>
    public (IChatClient Client, string? ModelId) Resolve(string? model)
    {
        if (model is not null && _entries.TryGetValue(model, out var entry))
        {
            return entry;
        }
        if (DefaultClient is not null && (model is null || UnknownToDefault))
        {
            return (DefaultClient, model ?? DefaultModelId);
        }
        var known = _entries.Count == 0 ? "none" : string.Join(", ", _entries.Keys);
        throw new InvalidOperationException(model is null
            ? "No default chat client is registered, and the agent names no model."
            : $"No chat client is registered for model '{model}'. Registered: {known}.");
    }
}
