using Microsoft.Extensions.AI;

namespace Declarative;

// The state of one run.
public sealed partial class AgentRunner
{
    /// <summary>The state of one run, shared by concurrent tool calls.</summary>
    /// <remarks>
    /// Messages are added only by the loop itself, never from inside a running tool call. Steps are
    /// recorded in the run's <see cref="RunTraceBuilder"/>, which concurrent calls may fill at once.
    /// </remarks>
    private sealed class RunState
    {
        // Most runs fit: a model call and a call or two per iteration; longer ones grow as usual.
        private const int MaxInitialCapacity = 32;

        private readonly ToolLookup _tools;

        public RunState(IAgent agent, AgentRunOptions options, string agentName, ModelCall model, Streaming.RunUpdateSink? updates = null)
        {
            Agent = agent;
            Options = options;
            Model = model;
            _tools = ToolLookup.Of(agent.Tools, options.ToolInvocation);
            var capacity = (int)Math.Clamp((2L * options.MaxIterations) + 2, 4, MaxInitialCapacity);
            Trace = new RunTraceBuilder(agentName, options.TimeProvider, capacity) { Updates = updates };
            Messages = new List<ChatMessage>(capacity);
        }

        public IAgent Agent { get; }

        public AgentRunOptions Options { get; }

        /// <summary>The model-call step for this run's model.</summary>
        public ModelCall Model { get; }

        public RunTraceBuilder Trace { get; }

        /// <summary>Where a streamed run reports what happens; null for a run that is not streamed.</summary>
        public Streaming.RunUpdateSink? Updates => Trace.Updates;

        public TimeProvider Time => Options.TimeProvider;

        public List<ChatMessage> Messages { get; }

        /// <summary>The AIFunction views of the agent's tools, as sent to the model.</summary>
        public AITool[] Functions => _tools.Functions;

        /// <summary>The agent's tools.</summary>
        public ToolDescriptor[] Tools => _tools.Tools;

        public ToolDescriptor? FindTool(string name) => _tools.Find(name);
    }
}
