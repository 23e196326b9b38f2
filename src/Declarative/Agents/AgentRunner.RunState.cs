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

        public RunState(IAgent agent, AgentRunOptions options, string agentName, ModelCall model, RunTraceBuilder? parent = null,
                        Streaming.RunUpdateSink? updates = null, AgentRunner? runner = null, Orchestration.RunTree? tree = null)
        {
            Runner = runner;
            _tree = tree;
            Parent = parent;
            Agent = agent;
            Options = options;
            Model = model;
            _tools = ToolLookup.Of(agent.Tools, options.ToolInvocation);
            Guardrails = RunGuardrails.Of(agent, options);
            var capacity = (int)Math.Clamp((2L * options.MaxIterations) + 2, 4, MaxInitialCapacity);
            Trace = parent ?? new RunTraceBuilder(agentName, options.TimeProvider, capacity) { Updates = updates };
            FirstIndex = Trace.NextIndex;
            Clock = Trace.Clock;
            HasToolGuardrails = Guardrails.Tool.Count > 0;
            StartTimestamp = Trace.Clock.Timestamp();
            Messages = new List<ChatMessage>(capacity);
        }

        private Orchestration.RunTree? _tree;

        public IAgent Agent { get; }

        // The runner, for specialists run as nested runs (null in plan runs).
        public AgentRunner? Runner { get; }

        // What every run of one top-level run shares: agent invocations so far, delegations seen. Made on first use.
        public Orchestration.RunTree Tree => _tree ??= new Orchestration.RunTree(Options.MaxAgentInvocations);

        /// <summary>The run's guardrails, by hook.</summary>
        public RunGuardrails Guardrails { get; }

        /// <summary>Set when a tool guardrail tripped in a way that ends the run.</summary>
        public TrippedGuardrail? Stopped { get; set; }

        public AgentRunOptions Options { get; }

        /// <summary>The model-call step for this run's model.</summary>
        public ModelCall Model { get; }

        public RunTraceBuilder Trace { get; }

        /// <summary>The trace of the larger run this one is part of, or null.</summary>
        public RunTraceBuilder? Parent { get; }

        /// <summary>The index of this run's first step in <see cref="Trace"/>.</summary>
        public int FirstIndex { get; }

        /// <summary>When this run started, on the trace's clock.</summary>
        public long StartTimestamp { get; }

        public RunClock Clock { get; }

        /// <summary>Whether any tool guardrail applies (most runs have none: one check per call).</summary>
        public bool HasToolGuardrails { get; }

        /// <summary>Where a streamed run reports what happens; null for a run that is not streamed.</summary>
        public Streaming.RunUpdateSink? Updates => Trace.Updates;

        public List<ChatMessage> Messages { get; }

        /// <summary>The AIFunction views of the agent's tools, as sent to the model.</summary>
        public AITool[] Functions => _tools.Functions;

        /// <summary>The agent's tools.</summary>
        public ToolDescriptor[] Tools => _tools.Tools;

        public ToolDescriptor? FindTool(string name) => _tools.Find(name);
    }
}
