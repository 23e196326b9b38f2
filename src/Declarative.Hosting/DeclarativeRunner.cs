using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Declarative.Hosting;

/// <summary>
/// Runs any agent with what the container holds: the <see cref="ModelRegistry"/>, the
/// <see cref="AgentRunOptions"/> from <see cref="IOptionsMonitor{TOptions}"/>, the registered
/// <see cref="IToolApprovalHandler"/>, and logging of runs, tool calls and approvals.
/// </summary>
/// <remarks>Inject <see cref="IAgentRunner{TAgent}"/> for an agent registered with <see cref="DeclarativeBuilder.AddAgent{TAgent}"/>; use this for agents built at run time.</remarks>
public sealed class DeclarativeRunner
{
    // One logging view per agent instance (per container), so a long-lived agent keeps its tool caches warm across runs.
    private readonly ConditionalWeakTable<IAgent, LoggedAgent> _views;
    private readonly ModelRegistry _models;
    private readonly IOptionsMonitor<AgentRunOptions> _options;
    private readonly IToolApprovalHandler? _approvals;
    private readonly bool _includeContent;
    private readonly ILogger _runs;
    private readonly ILogger _tools;
    private readonly ILogger _approvalLog;

    /// <summary>Creates a runner; the container does this.</summary>
    /// <param name="services">The services of the current scope.</param>
    public DeclarativeRunner(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var setup = services.GetRequiredService<DeclarativeSetup>();
        _models = services.GetRequiredService<ModelRegistry>();
        _options = services.GetRequiredService<IOptionsMonitor<AgentRunOptions>>();
        _approvals = services.GetService<IToolApprovalHandler>();
        _includeContent = setup.IncludeContent;
        _views = setup.AgentViews;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _runs = loggers.CreateLogger(DeclarativeLog.RunsCategory);
        _tools = loggers.CreateLogger(DeclarativeLog.ToolsCategory);
        _approvalLog = loggers.CreateLogger(DeclarativeLog.ApprovalsCategory);
    }

    /// <summary>The models agents run on.</summary>
    public ModelRegistry Models => _models;

    /// <summary>The run options in force (configuration, then code), with the registered approval handler filled in.</summary>
    public AgentRunOptions Options => WithApprovals(_options.CurrentValue);

    /// <summary>Runs an agent on a conversation.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="options">Options for this run; <see cref="Options"/> when null. The registered approval handler is used when they name none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public Task<AgentRunResult> RunAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        var view = _views.GetValue(agent, a => new LoggedAgent(a, new LoggingToolSet(a.Tools, a.Descriptor.Name, _tools, _includeContent)));
        return RunLoggedAsync(agent.Descriptor.Name, messages, options,
            (runner, list, o, ct) => runner.RunAsync(view, list, o, ct), cancellationToken);
    }

    /// <summary>Runs a typed agent on a conversation.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="options">Options for this run; <see cref="Options"/> when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public Task<AgentRunResult<TOutput>> RunAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options = null,
                                                           CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        var view = (LoggedAgent<TOutput>)_views.GetValue(agent,
            a => new LoggedAgent<TOutput>(agent, new LoggingToolSet(a.Tools, a.Descriptor.Name, _tools, _includeContent)));
        return RunLoggedAsync(agent.Descriptor.Name, messages, options,
            (runner, list, o, ct) => runner.RunAsync(view, list, o, ct), cancellationToken);
    }

    private AgentRunOptions WithApprovals(AgentRunOptions options)
        => options with { ApprovalHandler = new LoggingApprovalHandler(options.ApprovalHandler ?? _approvals, _approvalLog, _includeContent) };

    private async Task<TResult> RunLoggedAsync<TResult>(string agentName, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
        Func<AgentRunner, IReadOnlyList<ChatMessage>, AgentRunOptions, CancellationToken, Task<TResult>> run, CancellationToken cancellationToken)
        where TResult : AgentRunResult
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var effective = WithApprovals(options ?? _options.CurrentValue);
        var runId = Guid.NewGuid().ToString("N")[..12];
        using var scope = _runs.BeginScope(new KeyValuePair<string, object?>[] { new("AgentName", agentName), new("RunId", runId) });
        if (_includeContent)
        {
            DeclarativeLog.RunStartedWithContent(_runs, agentName, runId, list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "");
        }
        else
        {
            DeclarativeLog.RunStarted(_runs, agentName, runId);
        }
        var started = Stopwatch.GetTimestamp();
        TResult result;
        try
        {
            result = await run(new AgentRunner(_models, effective), list, effective, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            DeclarativeLog.RunCancelled(_runs, agentName, runId, LoggingToolSet.Milliseconds(started));
            throw;
        }
        catch (Exception ex)
        {
            DeclarativeLog.RunFailed(_runs, ex, agentName, runId, LoggingToolSet.Milliseconds(started));
            throw;
        }
        var trace = result.Trace;
        foreach (var refused in trace.ToolCalls.Where(t => t.Outcome == ToolCallOutcome.Refused))
        {
            DeclarativeLog.ToolRefused(_runs, agentName, runId, refused.ToolName);
        }
        var iterations = trace.ModelCalls.Select(m => m.Iteration).DefaultIfEmpty(0).Max();
        var ms = Math.Round(trace.Duration.TotalMilliseconds, 3);
        if (result.IsCompleted)
        {
            DeclarativeLog.RunFinished(_runs, agentName, runId, result.Status, iterations, ms, trace.Usage.InputTokens, trace.Usage.OutputTokens, trace.Cost);
        }
        else
        {
            DeclarativeLog.RunEndedEarly(_runs, agentName, runId, result.Status, iterations, ms, result.Reason, trace.Usage.InputTokens, trace.Usage.OutputTokens, trace.Cost);
        }
        if (_includeContent && result.Text is not null)
        {
            DeclarativeLog.RunAnswer(_runs, agentName, runId, result.Text);
        }
        return result;
    }
}

/// <summary>Runs one registered agent: inject it where the agent is needed.</summary>
/// <typeparam name="TAgent">The agent, registered with <see cref="DeclarativeBuilder.AddAgent{TAgent}"/>.</typeparam>
/// <example>
/// <code>
/// app.MapPost("/chat", async (ChatRequest request, IAgentRunner&lt;CustomerServiceAgent&gt; agent, CancellationToken ct) =>
///     (await agent.RunAsync(request.Message, ct)).Text);
/// </code>
/// </example>
public interface IAgentRunner<out TAgent>
    where TAgent : class, IAgent
{
    /// <summary>The agent, made by the container.</summary>
    TAgent Agent { get; }

    /// <summary>Runs the agent on one user message.</summary>
    /// <param name="input">The user's message.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    Task<AgentRunResult> RunAsync(string input, CancellationToken cancellationToken = default);

    /// <summary>Runs the agent on a conversation.</summary>
    /// <param name="messages">The conversation so far (without the instructions, which are added).</param>
    /// <param name="options">Options for this run; the configured ones when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    Task<AgentRunResult> RunAsync(IEnumerable<ChatMessage> messages, AgentRunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a typed agent (one that implements <see cref="IAgent{TOutput}"/>) on a conversation.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="options">Options for this run; the configured ones when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="InvalidOperationException">The agent does not answer with <typeparamref name="TOutput"/>.</exception>
    Task<AgentRunResult<TOutput>> RunAsync<TOutput>(IEnumerable<ChatMessage> messages, AgentRunOptions? options = null, CancellationToken cancellationToken = default);
}

internal sealed class HostedAgentRunner<TAgent>(TAgent agent, DeclarativeRunner runner) : IAgentRunner<TAgent>
    where TAgent : class, IAgent
{
    public TAgent Agent => agent;

    public Task<AgentRunResult> RunAsync(string input, CancellationToken cancellationToken = default)
        => runner.RunAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    public Task<AgentRunResult> RunAsync(IEnumerable<ChatMessage> messages, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
        => runner.RunAsync(agent, messages, options, cancellationToken);

    public Task<AgentRunResult<TOutput>> RunAsync<TOutput>(IEnumerable<ChatMessage> messages, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
        => agent is IAgent<TOutput> typed
            ? runner.RunAsync(typed, messages, options, cancellationToken)
            : throw new InvalidOperationException($"Agent {typeof(TAgent).Name} does not answer with {typeof(TOutput).Name}.");
}
