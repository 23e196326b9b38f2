using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Declarative;

/// <summary>
/// The OpenTelemetry sources of the runtime, following the GenAI semantic conventions:
/// activities <c>invoke_agent {name}</c>, <c>chat {model}</c> and <c>execute_tool {tool}</c>, and the
/// metrics <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c>.
/// </summary>
/// <example>
/// <code>
/// using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(DeclarativeTelemetry.SourceName).Build();
/// using var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(DeclarativeTelemetry.SourceName).Build();
/// </code>
/// </example>
public static class DeclarativeTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: <c>Declarative</c>.</summary>
    public const string SourceName = "Declarative";

    /// <summary>The activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, "0.1.0");

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(SourceName, "0.1.0");

    /// <summary><c>gen_ai.client.token.usage</c>: tokens per model call, tagged by <c>gen_ai.token.type</c>.</summary>
    public static Histogram<long> TokenUsage { get; } = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", unit: "{token}", description: "Measures number of input and output tokens used.");

    /// <summary><c>gen_ai.client.operation.duration</c>: seconds per model call.</summary>
    public static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", unit: "s", description: "GenAI operation duration.");

    /// <summary>Attribute names used on activities and metrics.</summary>
    public static class Tags
    {
        /// <summary><c>gen_ai.operation.name</c>.</summary>
        public const string OperationName = "gen_ai.operation.name";

        /// <summary><c>gen_ai.provider.name</c>.</summary>
        public const string ProviderName = "gen_ai.provider.name";

        /// <summary><c>gen_ai.request.model</c>.</summary>
        public const string RequestModel = "gen_ai.request.model";

        /// <summary><c>gen_ai.response.model</c>.</summary>
        public const string ResponseModel = "gen_ai.response.model";

        /// <summary><c>gen_ai.response.finish_reasons</c>.</summary>
        public const string FinishReasons = "gen_ai.response.finish_reasons";

        /// <summary><c>gen_ai.usage.input_tokens</c>.</summary>
        public const string InputTokens = "gen_ai.usage.input_tokens";

        /// <summary><c>gen_ai.usage.output_tokens</c>.</summary>
        public const string OutputTokens = "gen_ai.usage.output_tokens";

        /// <summary><c>gen_ai.agent.name</c>.</summary>
        public const string AgentName = "gen_ai.agent.name";

        /// <summary><c>gen_ai.tool.name</c>.</summary>
        public const string ToolName = "gen_ai.tool.name";

        /// <summary><c>gen_ai.tool.call.id</c>.</summary>
        public const string ToolCallId = "gen_ai.tool.call.id";

        /// <summary><c>gen_ai.tool.call.arguments</c> (only when content recording is on).</summary>
        public const string ToolCallArguments = "gen_ai.tool.call.arguments";

        /// <summary><c>gen_ai.tool.call.result</c> (only when content recording is on).</summary>
        public const string ToolCallResult = "gen_ai.tool.call.result";

        /// <summary><c>gen_ai.input.messages</c> (only when content recording is on).</summary>
        public const string InputMessages = "gen_ai.input.messages";

        /// <summary><c>gen_ai.output.messages</c> (only when content recording is on).</summary>
        public const string OutputMessages = "gen_ai.output.messages";

        /// <summary><c>gen_ai.token.type</c>: <c>input</c> or <c>output</c>.</summary>
        public const string TokenType = "gen_ai.token.type";

        /// <summary><c>error.type</c>.</summary>
        public const string ErrorType = "error.type";
    }

    /// <summary>
    /// Activity display names (<c>invoke_agent {name}</c>, <c>chat {model}</c>, <c>execute_tool {tool}</c>),
    /// made once per name rather than once per activity.
    /// </summary>
    internal static class ActivityNames
    {
        // Names come from descriptors and model ids, so the sets stay small; the cap only guards against
        // a caller that invents names without end (past it, names are made per call, as before).
        private const int MaxCached = 1024;

        private static readonly ConcurrentDictionary<string, string> Agents = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, string> Chats = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, string> Tools = new(StringComparer.Ordinal);

        public static string Agent(string agentName) => Get(Agents, "invoke_agent ", agentName);

        public static string Chat(string? modelId) => Get(Chats, "chat ", modelId ?? "default");

        public static string Tool(string toolName) => Get(Tools, "execute_tool ", toolName);

        private static string Get(ConcurrentDictionary<string, string> cache, string prefix, string name)
        {
            if (!cache.TryGetValue(name, out var displayName))
            {
                displayName = prefix + name;
                if (cache.Count < MaxCached)
                {
                    cache.TryAdd(name, displayName);
                }
            }
            return displayName;
        }
    }
}
