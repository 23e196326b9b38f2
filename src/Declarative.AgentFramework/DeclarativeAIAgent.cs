using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using DeclarativeRunOptions = Declarative.AgentRunOptions;
using FrameworkRunOptions = Microsoft.Agents.AI.AgentRunOptions;

namespace Declarative.AgentFramework;

/// <summary>
/// A Declarative <see cref="IAgent"/> as a Microsoft Agent Framework <see cref="AIAgent"/>: each run is one
/// <see cref="AgentRunner"/> run, so scoped tools, argument errors with paths, budgets and the approval
/// policy of <see cref="DeclarativeRunOptions"/> all apply inside Agent Framework workflows.
/// </summary>
/// <remarks>
/// <para>
/// The conversation is kept in the <see cref="AgentSession"/> (its in-memory chat history, so it serializes
/// with the session): a run sends the history, then the new messages, and appends the new messages and the
/// run's own messages (tool calls, results, the answer) to it. The agent's instructions are not stored; the
/// runner adds them to every run.
/// </para>
/// <para>
/// The response's <see cref="AgentResponse.RawRepresentation"/> is the Declarative <see cref="AgentRunResult"/>;
/// <see cref="AgentResponse.AdditionalProperties"/> holds its <see cref="RunTrace"/> under <see cref="TraceKey"/>
/// and its <see cref="AgentRunStatus"/> under <see cref="StatusKey"/>. A run that did not complete (denied,
/// budget exceeded, ...) is not an exception: its status and reason are in those properties.
/// </para>
/// <para>
/// Streaming runs the whole loop, then yields the response as updates: the runner does not stream tokens.
/// Approvals are decided inside the run by <see cref="DeclarativeRunOptions.ApprovalHandler"/>; they are not
/// surfaced as Agent Framework user-input requests.
/// </para>
/// </remarks>
/// <example><code>
/// AIAgent agent = new SupportAgent().AsAIAgent(new AgentRunner(chatClient));
/// var session = await agent.CreateSessionAsync();
/// var first = await agent.RunAsync("Where is order 42?", session);
/// var trace = (RunTrace?)first.AdditionalProperties?[DeclarativeAIAgent.TraceKey];
/// </code></example>
public sealed class DeclarativeAIAgent : AIAgent
{
    /// <summary>The <see cref="AgentResponse.AdditionalProperties"/> key of the run's <see cref="RunTrace"/>.</summary>
    public const string TraceKey = "declarative.trace";

    /// <summary>The <see cref="AgentResponse.AdditionalProperties"/> key of the run's <see cref="AgentRunStatus"/>.</summary>
    public const string StatusKey = "declarative.status";

    /// <summary>The <see cref="AgentResponse.AdditionalProperties"/> key of the reason a run did not complete.</summary>
    public const string ReasonKey = "declarative.reason";

    private readonly IAgent _agent;
    private readonly AgentRunner _runner;
    private readonly DeclarativeRunOptions? _options;

    /// <summary>Wraps an agent and the runner that runs it.</summary>
    /// <param name="agent">The Declarative agent.</param>
    /// <param name="runner">The runner (its chat client or model registry decides the model).</param>
    /// <param name="options">Options for every run; the runner's own if omitted.</param>
    public DeclarativeAIAgent(IAgent agent, AgentRunner runner, DeclarativeRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(runner);
        _agent = agent;
        _runner = runner;
        _options = options;
    }

    /// <summary>The Declarative agent this wraps.</summary>
    public IAgent Agent => _agent;

    /// <inheritdoc/>
    public override string? Name => _agent.Descriptor.Name;

    /// <inheritdoc/>
    public override string? Description => _agent.Descriptor.Instructions;

    /// <inheritdoc/>
    protected override ValueTask<AgentSession> CreateSessionCoreAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<AgentSession>(new DeclarativeAgentSession());

    /// <inheritdoc/>
    protected override ValueTask<JsonElement> SerializeSessionCoreAsync(AgentSession session, JsonSerializerOptions? jsonSerializerOptions = null,
                                                                         CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ValueTask.FromResult(session.StateBag.Serialize());
    }

    /// <inheritdoc/>
    protected override ValueTask<AgentSession> DeserializeSessionCoreAsync(JsonElement serializedState, JsonSerializerOptions? jsonSerializerOptions = null,
                                                                           CancellationToken cancellationToken = default)
        => ValueTask.FromResult<AgentSession>(new DeclarativeAgentSession(AgentSessionStateBag.Deserialize(serializedState)));

    /// <inheritdoc/>
    protected override async Task<AgentResponse> RunCoreAsync(IEnumerable<ChatMessage> messages, AgentSession? session = null,
                                                              FrameworkRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        session ??= await CreateSessionAsync(cancellationToken).ConfigureAwait(false);
        var history = session.TryGetInMemoryChatHistory(out var stored) && stored is not null ? stored : [];
        var added = messages.ToList();
        List<ChatMessage> input = [.. history, .. added];
        if (input.Count == 0)
        {
            throw new ArgumentException("A run needs at least one message, in the session or given.", nameof(messages));
        }

        var result = await _runner.RunAsync(_agent, input, _options, cancellationToken).ConfigureAwait(false);

        // The runner keeps the input messages (same instances) after its instructions; what follows the
        // last of them is what this run produced.
        var last = input[^1];
        var start = 0;
        for (var i = result.Messages.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(result.Messages[i], last))
            {
                start = i + 1;
                break;
            }
        }
        var produced = new List<ChatMessage>();
        for (var i = start; i < result.Messages.Count; i++)
        {
            produced.Add(result.Messages[i]);
        }

        history = [.. input, .. produced];
        session.SetInMemoryChatHistory(history);

        var usage = result.Usage;
        return new AgentResponse(produced)
        {
            AgentId = Id,
            CreatedAt = DateTimeOffset.UtcNow,
            Usage = new UsageDetails
            {
                InputTokenCount = usage.InputTokens,
                OutputTokenCount = usage.OutputTokens,
                TotalTokenCount = usage.InputTokens + usage.OutputTokens,
                CachedInputTokenCount = usage.CachedInputTokens,
            },
            RawRepresentation = result,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [TraceKey] = result.Trace,
                [StatusKey] = result.Status,
                [ReasonKey] = result.Reason,
            },
        };
    }

    /// <inheritdoc/>
    protected override async IAsyncEnumerable<AgentResponseUpdate> RunCoreStreamingAsync(IEnumerable<ChatMessage> messages, AgentSession? session = null,
                                                                                          FrameworkRunOptions? options = null,
                                                                                          [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await RunCoreAsync(messages, session, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToAgentResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>The session of a <see cref="DeclarativeAIAgent"/>: its state bag holds the chat history.</summary>
    private sealed class DeclarativeAgentSession : AgentSession
    {
        public DeclarativeAgentSession()
        {
        }

        public DeclarativeAgentSession(AgentSessionStateBag stateBag)
            : base(stateBag)
        {
        }
    }
}
