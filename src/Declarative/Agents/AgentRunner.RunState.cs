using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

// The mutable state of one run.
public sealed partial class AgentRunner
{
    /// <summary>The mutable state of one run, shared by concurrent tool calls.</summary>
    /// <remarks>
    /// Steps and usage are added only by the loop itself (model calls, and each tool call's step before
    /// the call starts), never from inside a running tool call, so they need no lock. Concurrent calls
    /// write only their own steps.
    /// </remarks>
    private sealed class RunState
    {
        // Most runs fit: a model call and a call or two per iteration; longer ones grow as usual.
        private const int MaxInitialCapacity = 32;

        private readonly ToolLookup _tools;
        private bool _unpriced;
        private int _measured;
        private long _characters;
        private string? _chatActivityName;

        public RunState(IAgent agent, AgentRunOptions options, string agentName, string? modelId, string? provider)
        {
            Agent = agent;
            Options = options;
            ModelId = modelId;
            Provider = provider;
            _tools = ToolLookup.Of(agent.Tools, options.ToolInvocation);
            var capacity = (int)Math.Clamp((2L * options.MaxIterations) + 2, 4, MaxInitialCapacity);
            StartTimestamp = Stopwatch.GetTimestamp();
            StartedAt = DateTimeOffset.UtcNow;
            Trace = new RunTrace { AgentName = agentName, StartedAt = StartedAt, Steps = new List<TraceStep>(capacity) };
            Messages = new List<ChatMessage>(capacity);
        }

        public IAgent Agent { get; }

        public AgentRunOptions Options { get; }

        public string? ModelId { get; }

        public string? Provider { get; }

        public RunTrace Trace { get; }

        public List<ChatMessage> Messages { get; }

        /// <summary>The AIFunction views of the agent's tools, as sent to the model.</summary>
        public AITool[] Functions => _tools.Functions;

        /// <summary>The agent's tools.</summary>
        public ToolDescriptor[] Tools => _tools.Tools;

        /// <summary>The <see cref="Stopwatch"/> timestamp at which the run started.</summary>
        public long StartTimestamp { get; }

        /// <summary>The wall-clock time at which the run started.</summary>
        public DateTimeOffset StartedAt { get; }

        public string ChatActivityName => _chatActivityName ??= DeclarativeTelemetry.ActivityNames.Chat(ModelId);

        public ToolDescriptor? FindTool(string name) => _tools.Find(name);

        // Step times come from the run's start and the monotonic clock: one clock read per step (the
        // one its duration needs anyway), and steps can never appear out of order.
        public DateTimeOffset TimeAt(long timestamp) => StartedAt + Stopwatch.GetElapsedTime(StartTimestamp, timestamp);

        public DateTimeOffset Now() => TimeAt(Stopwatch.GetTimestamp());

        // Each message is measured once, when first sent: re-walking the history every turn would make
        // a long run quadratic.
        public long MeasureRequest()
        {
            for (; _measured < Messages.Count; _measured++)
            {
                _characters += MessageLength(Messages[_measured]);
            }
            return _characters;
        }

        public T Add<T>(T step) where T : TraceStep
        {
            var steps = Trace.Steps;
            step.Index = steps.Count;
            steps.Add(step);
            return step;
        }

        public void AddUsage(UsageTotals usage, decimal? cost)
        {
            Trace.Usage += usage;
            // One unpriced call makes the total unknown: a partial sum would understate the bill.
            _unpriced |= cost is null;
            Trace.Cost = _unpriced ? null : (Trace.Cost ?? 0m) + cost;
        }
    }
}
