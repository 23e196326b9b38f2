using System.Reflection;
using Declarative;
using Declarative.OpenAI;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace TeamsSample;

/// <summary>
/// The models of a team. Every agent names its own model tier (<c>Model = "researcher"</c>); offline each tier is that
/// agent's recorded script, so agents running at once each replay their own side; live every tier is the one endpoint.
/// </summary>
internal sealed class TeamModels
{
    private readonly Dictionary<string, ScriptedChatClient> _recordings = new(StringComparer.Ordinal);

    private TeamModels(ModelRegistry registry) => Registry = registry;

    /// <summary>Tier names to clients, for the <see cref="AgentRunner"/>.</summary>
    public ModelRegistry Registry { get; }

    /// <summary>The recorded script of one tier (offline only).</summary>
    public ScriptedChatClient Recording(string tier) => _recordings[tier];

    /// <summary>Whether every recorded answer was used (always true live).</summary>
    public IEnumerable<string> Unused() => _recordings.Where(r => r.Value.RemainingSteps > 0).Select(r => $"{r.Key}: {r.Value.RemainingSteps} unused");

    /// <summary>One recorded script per tier: <c>Scripts/{scenario}-{tier}.json</c>.</summary>
    public static TeamModels Offline(string scenario, params string[] tiers)
    {
        var registry = new ModelRegistry();
        var models = new TeamModels(registry);
        foreach (var tier in tiers)
        {
            var recording = Load($"{scenario}-{tier}");
            models._recordings[tier] = recording;
            registry.Add(tier, recording, modelId: "gpt-4o-mini-2024-07-18");
        }
        return models;
    }

    /// <summary>Every tier on the endpoint from the environment.</summary>
    public static TeamModels Live(IChatClient client) => new(new ModelRegistry(client));

    private static ScriptedChatClient Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Scripts/" + name + ".json")
            ?? throw new InvalidOperationException($"The recorded script '{name}.json' is not embedded in the sample.");
        using var reader = new StreamReader(stream);
        return RecordedScript.Parse(reader.ReadToEnd());
    }
}
