using System.Diagnostics;

namespace Declarative;

/// <summary>
/// The <c>invoke_agent {name}</c> span of a run, with the same tags in every runner (the agent loop, the
/// plan runner, the reflection loop).
/// </summary>
internal static class AgentActivity
{
    /// <summary>Starts the span, or returns null when nobody listens.</summary>
    /// <param name="agentName">The agent.</param>
    /// <param name="provider">The provider, when the run has one model (<c>gen_ai.provider.name</c>).</param>
    /// <param name="modelId">The model asked for, if any.</param>
    public static Activity? Start(string agentName, string? provider = null, string? modelId = null)
    {
        if (!DeclarativeTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }
        var activity = DeclarativeTelemetry.ActivitySource.StartActivity(DeclarativeTelemetry.ActivityNames.Agent(agentName), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "invoke_agent");
            activity.AddTag(DeclarativeTelemetry.Tags.AgentName, agentName);
            ModelCall.AddTag(activity, DeclarativeTelemetry.Tags.ProviderName, provider);
            ModelCall.AddTag(activity, DeclarativeTelemetry.Tags.RequestModel, modelId);
        }
        return activity;
    }
}
