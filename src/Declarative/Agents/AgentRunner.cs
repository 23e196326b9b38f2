using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// Runs agents over any <see cref="IChatClient"/>: sends the instructions, the conversation and the
/// agent's tools; runs the calls the model asks for through the agent's tool set (read-only tools
/// concurrently, the others one at a time in the order asked); returns results and errors to the
/// model; and repeats until a final answer or a limit. Every step is traced.
/// </summary>
/// <remarks>
/// Nothing the model does ends a run with an exception: unknown or out-of-scope tools, bad arguments,
/// failing tools and limits all become messages to the model or a <see cref="AgentRunStatus"/>.
/// Cancellation by the caller does throw <see cref="OperationCanceledException"/>, promptly.
/// </remarks>
/// <example>
/// <code>
/// var runner = new AgentRunner(chatClient);
/// var result = await runner.RunAsync(new SupportAgent(store), "Any round sunglasses under $100?");
/// Console.WriteLine(result.Text);
/// Console.WriteLine(result.Trace.Summarize());
/// </code>
/// </example>
public sealed partial class AgentRunner
{
    private readonly ModelRegistry _models;
    private readonly AgentRunOptions _defaults;

    /// <summary>Creates a runner whose agents all use one chat client.</summary>
    /// <param name="chatClient">The model.</param>
    /// <param name="options">Default options for runs.</param>
    public AgentRunner(IChatClient chatClient, AgentRunOptions? options = null)
        : this(new ModelRegistry(chatClient ?? throw new ArgumentNullException(nameof(chatClient))), options)
    {
    }

    /// <summary>Creates a runner that picks each agent's client from a registry.</summary>
    /// <param name="models">Model ids and tiers to clients.</param>
    /// <param name="options">Default options for runs.</param>
    public AgentRunner(ModelRegistry models, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        _defaults = options ?? AgentRunOptions.Default;
    }

    /// <summary>Runs an agent on one user message.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The user's message.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    public Task<AgentRunResult> RunAsync(IAgent agent, string input, CancellationToken cancellationToken = default)
        => RunAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    /// <summary>Runs an agent on a conversation.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far (without the agent's instructions, which are added).</param>
    /// <param name="options">Options for this run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    public Task<AgentRunResult> RunAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options = null,
                                         CancellationToken cancellationToken = default)
        => RunUntypedAsync(agent, messages, options, cancellationToken).WaitAsync(cancellationToken);

    private async Task<AgentRunResult> RunUntypedAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                                       CancellationToken cancellationToken)
    {
        var run = await RunCoreAsync(agent, messages, options, reader: null, parent: null, cancellationToken).ConfigureAwait(false);
        return new AgentRunResult(run.Status, run.Reason, run.Text, run.Messages, run.Trace);
    }

    /// <summary>Runs a typed agent on one user message.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The user's message.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public Task<AgentRunResult<TOutput>> RunAsync<TOutput>(IAgent<TOutput> agent, string input, CancellationToken cancellationToken = default)
        => RunAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    /// <summary>Runs a typed agent on a conversation; an invalid answer is sent back with its errors.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="options">Options for this run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public Task<AgentRunResult<TOutput>> RunAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages,
                                                           AgentRunOptions? options = null, CancellationToken cancellationToken = default)
        => RunTypedAsync(agent, messages, options, cancellationToken).WaitAsync(cancellationToken);

    private Task<AgentRunResult<TOutput>> RunTypedAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages,
                                                                 AgentRunOptions? options, CancellationToken cancellationToken)
        => RunTypedAsync(agent, messages, options, parent: null, cancellationToken);

    // parent: the trace of the run this one is part of (a reflection loop's producer and critic runs), or null.
    private async Task<AgentRunResult<TOutput>> RunTypedAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages,
                                                                       AgentRunOptions? options, RunTraceBuilder? parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var run = await RunCoreAsync(agent, messages, options, ReaderFor(agent), parent, cancellationToken).ConfigureAwait(false);
        return new AgentRunResult<TOutput>(run.Status, run.Reason, run.Text, run.Messages, run.Trace,
            run.Status == AgentRunStatus.Completed && run.Output is TOutput output ? output : default);
    }

    // Reads a typed agent's answer with its generated reader: the value, or every error with its path.
    private static OutputReader ReaderFor<TOutput>(IAgent<TOutput> agent)
        => (ReadOnlySpan<byte> json, List<ToolError> sink, out object? read) =>
        {
            if (agent.TryReadOutput(json, out var value, out var errors))
            {
                read = value;
                return true;
            }
            sink.AddRange(errors);
            read = null;
            return false;
        };

    private delegate bool OutputReader(ReadOnlySpan<byte> json, List<ToolError> errors, out object? value);

    // A struct behind a ValueTask: a run whose model and tools complete synchronously allocates
    // neither a task nor an outcome object for it.
    private readonly record struct RunOutcome(AgentRunStatus Status, string? Reason, string? Text, IReadOnlyList<ChatMessage> Messages, RunTrace Trace,
                                              object? Output = null);

    // The public entry points wrap this in WaitAsync: the caller's cancellation completes their task at
    // once, even while tools and the model call unwind; the run's own work observes the same token too.
    // updates: where a streamed run reports what happens (AgentRunner.Streaming.cs); null otherwise.
    private async ValueTask<RunOutcome> RunCoreAsync(IAgent agent, IEnumerable<ChatMessage> input, AgentRunOptions? options,
                                                     OutputReader? reader, RunTraceBuilder? parent, CancellationToken cancellationToken,
                                                     Streaming.RunUpdateSink? updates = null, Orchestration.RunTree? tree = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= _defaults;
        if (options.UseStrictToolSchemas && !options.ToolInvocation.NullMeansDefault)
        {
            options = options with { ToolInvocation = options.ToolInvocation with { NullMeansDefault = true } };
        }
        var descriptor = agent.Descriptor;
        var (client, modelId) = _models.Resolve(descriptor.Model);
        var model = new ModelCall(client, modelId, options.Prices, options.RecordContent);
        var provider = model.Provider;

        var run = new RunState(agent, options, descriptor.Name, model, parent, updates, this, tree);
        if (!string.IsNullOrEmpty(descriptor.Instructions))
        {
            run.Messages.Add(new ChatMessage(ChatRole.System, descriptor.Instructions));
        }
        run.Messages.AddRange(input);

        using var agentActivity = AgentActivity.Start(descriptor.Name, provider, modelId);

        var chatOptions = BuildChatOptions(agent, run, options);
        using var runTimeout = options.RunTimeout is { } limit ? new CancellationTokenSource(limit, options.TimeProvider) : null;
        using var linked = runTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var token = linked?.Token ?? cancellationToken;

        // Step timing reads the clock once per step boundary where it can: when only the loop's own
        // bookkeeping runs between one step's end and the next step's start (no listener, no approval,
        // no tool still running), the end is handed on as the next start. Zero means "read the clock".
        var handOff = 0L;
        try
        {
            var outputRetries = 0;
            var consecutiveErrorTurns = 0;
            if (run.Guardrails.Input.Count > 0 && await GuardInputAsync(run, token).ConfigureAwait(false) is { } refused)
            {
                return Finish(run, agentActivity, AgentRunStatus.GuardrailTripped, refused, null);
            }
            for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
            {
                if (options.Budget?.Exceeded(run.Trace.Usage, run.Trace.Cost) is { } before)
                {
                    return Finish(run, agentActivity, AgentRunStatus.BudgetExceeded, before, null);
                }

                ChatResponse response;
                ResponseToolCalls calls;
                try
                {
                    if (iteration == 1 && run.Guardrails.ConcurrentInput.Count > 0)
                    {
                        var first = await CallModelBesideGuardrailsAsync(chatOptions, run, token).ConfigureAwait(false);
                        if (first.Tripped is { } trip)
                        {
                            return Finish(run, agentActivity, AgentRunStatus.GuardrailTripped, trip, null);
                        }
                        (response, calls, handOff) = (first.Response!, first.Calls, 0);
                    }
                    else
                    {
                        (response, calls, handOff) = await model.InvokeAsync(run.Messages, chatOptions, run.Trace, iteration, handOff, token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return Finish(run, agentActivity, AgentRunStatus.ModelError, "the model call failed: " + ex.Message, null);
                }

                if (options.Budget?.Exceeded(run.Trace.Usage, run.Trace.Cost) is { } after)
                {
                    run.Messages.AddRange(response.Messages);
                    return Finish(run, agentActivity, AgentRunStatus.BudgetExceeded, after, null);
                }

                run.Messages.AddRange(response.Messages);
                if (calls.Count == 0)
                {
                    var text = response.Text;
                    object? value = null;
                    if (reader is not null)
                    {
                        handOff = 0;
                        var errors = ValidateOutput(reader, text, run, iteration, out value);
                        if (errors.Count > 0)
                        {
                            if (outputRetries++ >= options.MaxOutputRetries)
                            {
                                return Finish(run, agentActivity, AgentRunStatus.InvalidOutput,
                                    $"the answer did not match the output schema after {options.MaxOutputRetries} retries: " + string.Join("; ", errors), text);
                            }
                            run.Messages.Add(new ChatMessage(ChatRole.User,
                                "Your answer does not match the required JSON schema:\n" + string.Join("\n", errors.Select(e => "- " + e))
                                + "\nAnswer again with only the corrected JSON."));
                            continue;
                        }
                    }
                    if (run.Guardrails.Output.Count > 0)
                    {
                        var (ends, feedback) = await GuardOutputAsync(run, text, value, iteration, token).ConfigureAwait(false);
                        if (ends is not null)
                        {
                            // The answer is withheld: not returned, and not in the conversation handed back.
                            run.Messages.RemoveRange(run.Messages.Count - response.Messages.Count, response.Messages.Count);
                            return Finish(run, agentActivity, AgentRunStatus.GuardrailTripped, ends, null);
                        }
                        if (feedback is not null)
                        {
                            handOff = 0;
                            run.Messages.Add(new ChatMessage(ChatRole.User, feedback));
                            continue;
                        }
                    }
                    return Finish(run, agentActivity, AgentRunStatus.Completed, null, text) with { Output = value };
                }

                var turn = await RunToolCallsAsync(calls, run, iteration, handOff, token).ConfigureAwait(false);
                handOff = turn.HandOff;
                run.Messages.Add(new ChatMessage(ChatRole.Tool, turn.Contents));
                if (run.Stopped is { } stopped)
                {
                    return Finish(run, agentActivity, AgentRunStatus.GuardrailTripped, stopped.Reason, null);
                }
                if (run.Agent is Orchestration.ITurnEnding { TurnEnded: true })
                {
                    return Finish(run, agentActivity, AgentRunStatus.Completed, null, null); // a hand-off: the composition goes on
                }
                consecutiveErrorTurns = turn.AllFailed ? consecutiveErrorTurns + 1 : 0;
                if (consecutiveErrorTurns >= options.MaxConsecutiveErrors)
                {
                    return Finish(run, agentActivity, AgentRunStatus.TooManyConsecutiveErrors,
                        $"{consecutiveErrorTurns} turns in a row had only failing tool calls; last: " + turn.LastSummary, null);
                }
            }
            return Finish(run, agentActivity, AgentRunStatus.MaxIterationsReached, $"no final answer after {options.MaxIterations} iterations", null);
        }
        catch (OperationCanceledException) when (runTimeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return Finish(run, agentActivity, AgentRunStatus.TimedOut, $"the run took longer than its limit of {options.RunTimeout}", null);
        }
    }

    private static RunOutcome Finish(RunState run, Activity? agentActivity, AgentRunStatus status, string? reason, string? text)
    {
        // A part of a larger run publishes only its own steps; the larger run publishes the whole.
        var trace = run.Parent is null ? run.Trace.Build(status, reason) : run.Trace.Slice(run.FirstIndex, run.StartTimestamp, run.Agent.Descriptor.Name, status, reason);
        if (agentActivity is not null)
        {
            if (agentActivity.IsAllDataRequested)
            {
                agentActivity.AddTag(DeclarativeTelemetry.Tags.InputTokens, trace.Usage.InputTokens);
                agentActivity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, trace.Usage.OutputTokens);
            }
            if (status != AgentRunStatus.Completed)
            {
                agentActivity.SetTag(DeclarativeTelemetry.Tags.ErrorType, status.ToString());
                agentActivity.SetStatus(ActivityStatusCode.Error, reason);
            }
        }
        return new RunOutcome(status, reason, text, run.Messages, trace);
    }

    private static ChatOptions BuildChatOptions(IAgent agent, RunState run, AgentRunOptions options)
    {
        var chatOptions = new ChatOptions
        {
            ModelId = run.Model.ModelId,
            Temperature = options.Temperature,
            MaxOutputTokens = options.MaxOutputTokens,
        };
        var tools = run.Functions;
        if (tools.Length > 0)
        {
            chatOptions.Tools = tools;
            chatOptions.AllowMultipleToolCalls = true;
        }
        if (options.UseStrictToolSchemas)
        {
            chatOptions.AdditionalProperties = new AdditionalPropertiesDictionary { ["strict"] = true };
        }
        if (agent.Descriptor.OutputSchema is { } schema)
        {
            chatOptions.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, agent.Descriptor.OutputTypeName ?? "output", agent.Descriptor.Description);
        }
        return chatOptions;
    }


    private static List<ToolError> ValidateOutput(OutputReader reader, string? text, RunState run, int iteration, out object? value)
    {
        var index = run.Trace.Reserve();
        var startedAt = run.Trace.Now();
        var errors = new List<ToolError>();
        var json = Encoding.UTF8.GetBytes(CodeFence.Strip(text ?? ""));
        if (!reader(json, errors, out value) && errors.Count == 0)
        {
            errors.Add(new ToolError("$", "the answer is not valid"));
        }
        run.Trace.Fill(new OutputValidationStep { Index = index, Iteration = iteration, StartedAt = startedAt, Text = text, Errors = errors });
        return errors;
    }
}
