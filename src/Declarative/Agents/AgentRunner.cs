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
public sealed class AgentRunner
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
        var run = await RunCoreAsync(agent, messages, options, reader: null, cancellationToken).ConfigureAwait(false);
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

    private async Task<AgentRunResult<TOutput>> RunTypedAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages,
                                                                       AgentRunOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        TOutput? output = default;
        var run = await RunCoreAsync(agent, messages, options, (json, sink) =>
        {
            if (agent.TryReadOutput(json, out var value, out var errors))
            {
                output = value;
                return true;
            }
            sink.AddRange(errors);
            return false;
        }, cancellationToken).ConfigureAwait(false);
        return new AgentRunResult<TOutput>(run.Status, run.Reason, run.Text, run.Messages, run.Trace,
            run.Status == AgentRunStatus.Completed ? output : default);
    }

    private delegate bool OutputReader(ReadOnlySpan<byte> json, List<ToolError> errors);

    // A struct behind a ValueTask: a run whose model and tools complete synchronously allocates
    // neither a task nor an outcome object for it.
    private readonly record struct RunOutcome(AgentRunStatus Status, string? Reason, string? Text, IReadOnlyList<ChatMessage> Messages, RunTrace Trace);

    // The public entry points wrap this in WaitAsync: the caller's cancellation completes their task at
    // once, even while tools and the model call unwind; the run's own work observes the same token too.
    private async ValueTask<RunOutcome> RunCoreAsync(IAgent agent, IEnumerable<ChatMessage> input, AgentRunOptions? options,
                                                     OutputReader? reader, CancellationToken cancellationToken)
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
        var provider = client.GetService<ChatClientMetadata>()?.ProviderName;

        var run = new RunState(agent, options, descriptor.Name, modelId, provider);
        if (!string.IsNullOrEmpty(descriptor.Instructions))
        {
            run.Messages.Add(new ChatMessage(ChatRole.System, descriptor.Instructions));
        }
        run.Messages.AddRange(input);

        using var agentActivity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(DeclarativeTelemetry.ActivityNames.Agent(descriptor.Name), ActivityKind.Internal)
            : null;
        if (agentActivity is { IsAllDataRequested: true })
        {
            agentActivity.AddTag(DeclarativeTelemetry.Tags.OperationName, "invoke_agent");
            agentActivity.AddTag(DeclarativeTelemetry.Tags.AgentName, descriptor.Name);
            AddTag(agentActivity, DeclarativeTelemetry.Tags.ProviderName, provider);
            AddTag(agentActivity, DeclarativeTelemetry.Tags.RequestModel, modelId);
        }

        var chatOptions = BuildChatOptions(agent, run, options);
        using var runTimeout = options.RunTimeout is { } limit ? new CancellationTokenSource(limit) : null;
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
                    (response, calls, handOff) = await CallModelAsync(client, chatOptions, run, iteration, handOff, token).ConfigureAwait(false);
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
                    if (reader is null)
                    {
                        return Finish(run, agentActivity, AgentRunStatus.Completed, null, text);
                    }
                    handOff = 0;
                    var errors = ValidateOutput(reader, text, run, iteration);
                    if (errors.Count == 0)
                    {
                        return Finish(run, agentActivity, AgentRunStatus.Completed, null, text);
                    }
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

                var turn = await RunToolCallsAsync(calls, run, iteration, handOff, token).ConfigureAwait(false);
                handOff = turn.HandOff;
                run.Messages.Add(new ChatMessage(ChatRole.Tool, turn.Contents));
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
        var trace = run.Trace;
        trace.Status = status;
        trace.Reason = reason;
        trace.Duration = Stopwatch.GetElapsedTime(run.StartTimestamp);
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
            ModelId = run.ModelId,
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

    // Calls the model and records the step. handedOff: the end of the previous step, to start from, or 0
    // to read the clock. Returns the response, its calls, and its end to hand on to the next step (0 when
    // that must read the clock).
    private static async ValueTask<(ChatResponse Response, ResponseToolCalls Calls, long HandOff)> CallModelAsync(
        IChatClient client, ChatOptions chatOptions, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        var modelId = run.ModelId;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(run.ChatActivityName, ActivityKind.Client)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "chat");
            AddTag(activity, DeclarativeTelemetry.Tags.ProviderName, run.Provider);
            AddTag(activity, DeclarativeTelemetry.Tags.RequestModel, modelId);
            if (run.Options.RecordContent)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.InputMessages, Describe(run.Messages));
            }
        }
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : Stopwatch.GetTimestamp();
        var step = new ModelCallStep
        {
            Iteration = iteration,
            StartedAt = run.TimeAt(started),
            Model = modelId,
            RequestMessageCount = run.Messages.Count,
            RequestCharacters = run.MeasureRequest(),
        };
        run.Add(step);
        try
        {
            var response = await client.GetResponseAsync(run.Messages, chatOptions, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            step.Duration = Stopwatch.GetElapsedTime(started, ended);
            step.Model = response.ModelId ?? modelId;
            step.ResponseText = response.Text;
            step.FinishReason = response.FinishReason?.Value;
            var calls = new ResponseToolCalls(response);
            if (calls.Count > 0)
            {
                var ids = new string[calls.Count];
                var i = 0;
                foreach (var call in calls)
                {
                    ids[i++] = call.CallId;
                }
                step.ToolCallIds = ids;
            }
            var usage = UsageTotals.From(response.Usage);
            step.Usage = usage;
            // Price by the model that answered (providers report dated ids such as gpt-4o-2024-08-06),
            // falling back to the id that was asked for.
            if (run.Options.Prices is { } prices)
            {
                step.Cost = prices.CostOf(step.Model, usage) ?? prices.CostOf(modelId, usage);
            }
            run.AddUsage(usage, step.Cost);

            if (activity is { IsAllDataRequested: true })
            {
                AddTag(activity, DeclarativeTelemetry.Tags.ResponseModel, response.ModelId);
                AddTag(activity, DeclarativeTelemetry.Tags.FinishReasons, FinishReasonsTag(step.FinishReason));
                activity.AddTag(DeclarativeTelemetry.Tags.InputTokens, usage.InputTokens);
                activity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, usage.OutputTokens);
                if (run.Options.RecordContent)
                {
                    activity.AddTag(DeclarativeTelemetry.Tags.OutputMessages, Describe(response.Messages));
                }
            }
            // Metric listeners and the activity's listeners run code of their own before the next step.
            var metered = RecordChatMetrics(run.Provider, modelId, response.ModelId, usage, step.Duration, errorType: null);
            return (response, calls, activity is null && !metered ? ended : 0);
        }
        catch (Exception ex)
        {
            step.Duration = Stopwatch.GetElapsedTime(started);
            step.Error = ex is OperationCanceledException ? "cancelled" : ex.Message;
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            RecordChatMetrics(run.Provider, modelId, null, null, step.Duration, ex.GetType().FullName);
            throw;
        }
    }

    // The finish reasons a provider reports are a handful of words: one shared array per word, not one per call.
    private static readonly string[] StopReason = ["stop"];
    private static readonly string[] ToolCallsReason = ["tool_calls"];
    private static readonly string[] LengthReason = ["length"];
    private static readonly string[] ContentFilterReason = ["content_filter"];

    private static string[]? FinishReasonsTag(string? finishReason) => finishReason switch
    {
        null => null,
        "stop" => StopReason,
        "tool_calls" => ToolCallsReason,
        "length" => LengthReason,
        "content_filter" => ContentFilterReason,
        _ => [finishReason],
    };

    // Returns whether anything listened (and so ran code of its own). The plan runner records its model
    // calls through the same method, so both report the same gen_ai.client.* metrics.
    internal static bool RecordChatMetrics(string? provider, string? requestModel, string? responseModel, UsageTotals? usage, TimeSpan duration, string? errorType)
    {
        if (!DeclarativeTelemetry.OperationDuration.Enabled && !DeclarativeTelemetry.TokenUsage.Enabled)
        {
            return false;
        }
        var tags = new TagList
        {
            { DeclarativeTelemetry.Tags.OperationName, "chat" },
            { DeclarativeTelemetry.Tags.ProviderName, provider },
            { DeclarativeTelemetry.Tags.RequestModel, requestModel },
        };
        if (responseModel is not null)
        {
            tags.Add(DeclarativeTelemetry.Tags.ResponseModel, responseModel);
        }
        if (errorType is not null)
        {
            tags.Add(DeclarativeTelemetry.Tags.ErrorType, errorType);
        }
        DeclarativeTelemetry.OperationDuration.Record(duration.TotalSeconds, tags);
        if (usage is { } counts)
        {
            var input = tags;
            input.Add(DeclarativeTelemetry.Tags.TokenType, "input");
            DeclarativeTelemetry.TokenUsage.Record(counts.InputTokens, input);
            var output = tags;
            output.Add(DeclarativeTelemetry.Tags.TokenType, "output");
            DeclarativeTelemetry.TokenUsage.Record(counts.OutputTokens, output);
        }
        return true;
    }

    private static List<ToolError> ValidateOutput(OutputReader reader, string? text, RunState run, int iteration)
    {
        var step = new OutputValidationStep { Iteration = iteration, StartedAt = run.Now(), Text = text };
        run.Add(step);
        var errors = new List<ToolError>();
        var json = Encoding.UTF8.GetBytes(CodeFence.Strip(text ?? ""));
        if (!reader(json, errors) && errors.Count == 0)
        {
            errors.Add(new ToolError("$", "the answer is not valid"));
        }
        step.Errors = errors;
        return errors;
    }

    // EndTimestamp: the call's end, to hand on to the next step, when the call finished on the loop's own
    // flow with no listener around it; otherwise 0.
    private readonly record struct CallResult(FunctionResultContent Content, bool IsError, string Summary, long EndTimestamp = 0);

    // What a turn of tool calls hands back to the loop: the results in the order asked, whether all
    // failed, and the last one's summary (for the reason when errors end the run).
    private readonly record struct TurnResult(List<AIContent> Contents, bool AllFailed, string LastSummary, long HandOff = 0);

    /// <summary>
    /// Runs one turn's calls. Read-only tools run concurrently (up to a limit); every other tool runs
    /// alone, in the order the model asked. Approval-gated calls wait for their decision without
    /// holding back the rest of the turn; once approved, they too run alone.
    /// </summary>
    /// <param name="calls">The calls, in the order asked.</param>
    /// <param name="run">The run.</param>
    /// <param name="iteration">The turn.</param>
    /// <param name="handedOff">The end of the model call, for the first call to start from; 0 to read the clock.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    private ValueTask<TurnResult> RunToolCallsAsync(ResponseToolCalls calls, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        if (calls.Count == 1)
        {
            return RunOneCallAsync(calls.First(), run, iteration, handedOff, cancellationToken);
        }
        // The common turn, a few read-only calls within the parallel limit (and any refusals), needs no
        // gates and no ordering: start each call in turn and await only those that did not finish at once.
        var readOnly = 0;
        foreach (var call in calls)
        {
            if (run.FindTool(call.Name) is { } tool)
            {
                if (tool.RequiresApproval || !tool.ReadOnly)
                {
                    return RunGatedCallsAsync(calls.ToArray(), run, iteration, cancellationToken);
                }
                readOnly++;
            }
        }
        return readOnly <= run.Options.MaxParallelToolCalls
            ? RunReadOnlyCallsAsync(calls, run, iteration, handedOff, cancellationToken)
            : RunGatedCallsAsync(calls.ToArray(), run, iteration, cancellationToken);
    }

    // One call: nothing to order or overlap, so no gates and no task per call.
    private async ValueTask<TurnResult> RunOneCallAsync(FunctionCallContent call, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        var step = run.Add(new ToolCallStep { Iteration = iteration, ToolName = call.Name, CallId = call.CallId });
        var tool = run.FindTool(call.Name);
        var result = tool is null
            ? Refuse(call, step, run)
            : IsMalformed(call)
                ? RefuseMalformed(call, step, run)
            : tool.RequiresApproval
                ? await ApproveThenRunAsync(call, tool, step, run, exclusive: null, cancellationToken).ConfigureAwait(false)
                : await InvokeToolAsync(call, tool, step, run, arguments: null, handedOff, cancellationToken).ConfigureAwait(false);
        return new TurnResult(new List<AIContent>(1) { result.Content }, result.IsError, result.Summary, result.EndTimestamp);
    }

    private async ValueTask<TurnResult> RunReadOnlyCallsAsync(ResponseToolCalls calls, RunState run, int iteration, long handedOff,
                                                              CancellationToken cancellationToken)
    {
        var count = calls.Count;
        var contents = new List<AIContent>(count);
        var allFailed = true;
        var lastSummary = "";
        // Only calls that did not complete synchronously get a task (and a slot in this array).
        Task<CallResult>[]? pending = null;
        var pendingCount = 0;
        var i = -1;
        foreach (var call in calls)
        {
            i++;
            // A step is added as each call starts, so the trace keeps the order asked: tool calls add no
            // steps of their own.
            var step = run.Add(new ToolCallStep { Iteration = iteration, ToolName = call.Name, CallId = call.CallId });
            var tool = run.FindTool(call.Name);
            CallResult result;
            if (tool is null || IsMalformed(call))
            {
                result = tool is null ? Refuse(call, step, run) : RefuseMalformed(call, step, run);
                handedOff = 0;
            }
            else
            {
                // Each call starts where the one before it ended, when that one finished here and now.
                var invocation = InvokeToolAsync(call, tool, step, run, arguments: null, handedOff, cancellationToken);
                if (!invocation.IsCompletedSuccessfully)
                {
                    (pending ??= new Task<CallResult>[count])[i] = invocation.AsTask();
                    pendingCount++;
                    contents.Add(null!);
                    handedOff = 0;
                    continue;
                }
                result = invocation.Result;
                handedOff = result.EndTimestamp;
            }
            contents.Add(result.Content);
            allFailed &= result.IsError;
            lastSummary = result.Summary;
        }
        if (pending is null)
        {
            return new TurnResult(contents, allFailed, lastSummary, handedOff);
        }

        // Like Task.WhenAll over the whole turn: every call finishes before a failure or cancellation propagates.
        var waiting = new Task<CallResult>[pendingCount];
        var next = 0;
        foreach (var task in pending)
        {
            if (task is not null)
            {
                waiting[next++] = task;
            }
        }
        await Task.WhenAll(waiting).ConfigureAwait(false);
        for (var j = 0; j < pending.Length; j++)
        {
            if (pending[j] is { } task)
            {
                var result = task.Result;
                contents[j] = result.Content;
                allFailed &= result.IsError;
                if (j == pending.Length - 1)
                {
                    lastSummary = result.Summary;
                }
            }
        }
        return new TurnResult(contents, allFailed, lastSummary);
    }

    private async ValueTask<TurnResult> RunGatedCallsAsync(FunctionCallContent[] calls, RunState run, int iteration, CancellationToken cancellationToken)
    {
        var tasks = new Task<CallResult>[calls.Length];
        // Read-only calls need a gate only when there are more than may run at once; the others one gate
        // for the turn, so they run alone.
        using var parallel = calls.Length > run.Options.MaxParallelToolCalls ? new SemaphoreSlim(Math.Max(1, run.Options.MaxParallelToolCalls)) : null;
        SemaphoreSlim? exclusive = null;
        Task previousExclusive = Task.CompletedTask;
        var steps = new ToolCallStep[calls.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = run.Add(new ToolCallStep { Iteration = iteration, ToolName = calls[i].Name, CallId = calls[i].CallId });
        }

        for (var i = 0; i < steps.Length; i++)
        {
            var call = calls[i];
            var step = steps[i];
            var tool = run.FindTool(call.Name);
            if (tool is null || IsMalformed(call))
            {
                tasks[i] = Task.FromResult(tool is null ? Refuse(call, step, run) : RefuseMalformed(call, step, run));
                continue;
            }
            if (tool.RequiresApproval)
            {
                tasks[i] = ApproveThenRunAsync(call, tool, step, run, exclusive ??= new SemaphoreSlim(1, 1), cancellationToken);
            }
            else if (tool.ReadOnly)
            {
                tasks[i] = parallel is null
                    ? InvokeToolAsync(call, tool, step, run, arguments: null, handedOff: 0, cancellationToken).AsTask()
                    : RunGatedAsync(call, tool, step, run, parallel, arguments: null, cancellationToken);
            }
            else
            {
                // Chain the side-effecting calls so they run in the order asked, one at a time.
                var before = previousExclusive;
                var task = RunAfterAsync(before, call, tool, step, run, exclusive ??= new SemaphoreSlim(1, 1), cancellationToken);
                previousExclusive = task;
                tasks[i] = task;
            }
        }

        CallResult[] results;
        try
        {
            results = await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            exclusive?.Dispose();
        }
        var contents = new List<AIContent>(results.Length);
        var allFailed = true;
        foreach (var result in results)
        {
            contents.Add(result.Content);
            allFailed &= result.IsError;
        }
        return new TurnResult(contents, allFailed, results[^1].Summary);
    }

    private async Task<CallResult> RunGatedAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                 SemaphoreSlim gate, byte[]? arguments, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InvokeToolAsync(call, tool, step, run, arguments, handedOff: 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CallResult> RunAfterAsync(Task before, FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                 SemaphoreSlim exclusive, CancellationToken cancellationToken)
    {
        try
        {
            await before.ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failure of an earlier call is reported with that call; this one still runs.
        }
        return await RunGatedAsync(call, tool, step, run, exclusive, arguments: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CallResult> ApproveThenRunAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                       SemaphoreSlim? exclusive, CancellationToken cancellationToken)
    {
        var arguments = ArgumentsJson.FromCall(call);
        var argumentsText = Encoding.UTF8.GetString(arguments);
        step.Arguments = argumentsText;
        var decision = await Approvals.DecideAsync(run.Options.ApprovalHandler,
                new ToolApprovalRequest(run.Agent.Descriptor.Name, tool, call.CallId, argumentsText), cancellationToken)
            .ConfigureAwait(false);
        step.Approved = decision.Approved;
        step.ApprovalReason = decision.Reason;
        if (!decision.Approved)
        {
            step.StartedAt = run.Now();
            step.Outcome = ToolCallOutcome.Denied;
            var message = $"the call to '{tool.Name}' was not approved" + (decision.Reason is null ? "" : ": " + decision.Reason) + ". It did not run.";
            step.Errors = [new ToolError("$", message)];
            return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
        }
        // The arguments approved are the arguments run: read once, passed on.
        return exclusive is null
            ? await InvokeToolAsync(call, tool, step, run, arguments, handedOff: 0, cancellationToken).ConfigureAwait(false)
            : await RunGatedAsync(call, tool, step, run, exclusive, arguments, cancellationToken).ConfigureAwait(false);
    }

    private static CallResult Refuse(FunctionCallContent call, ToolCallStep step, RunState run)
    {
        var tools = run.Tools;
        var available = new string[tools.Length];
        for (var i = 0; i < tools.Length; i++)
        {
            available[i] = tools[i].Name;
        }
        var refusal = ToolResult.UnknownTool(call.Name, available);
        step.StartedAt = run.Now();
        step.SetArguments(ArgumentsJson.FromCall(call));
        step.Outcome = ToolCallOutcome.Refused;
        step.Errors = [.. refusal.Errors];
        var text = "Error: " + refusal.Errors[0].Message;
        return new CallResult(new FunctionResultContent(call.CallId, text), true, text);
    }

    // A chat client that could not parse a call's arguments reports it the Microsoft.Extensions.AI way:
    // FunctionCallContent.Exception set and Arguments null. Such a call must not run with "no arguments"
    // (a tool whose parameters are all optional would accept that). A client that also passed the raw
    // text on (our own scripted clients do) lets the generated reader say exactly what is wrong instead.
    private static bool IsMalformed(FunctionCallContent call)
        => call.Exception is not null && call.AdditionalProperties?.ContainsKey(ArgumentsJson.RawArgumentsKey) != true;

    private static CallResult RefuseMalformed(FunctionCallContent call, ToolCallStep step, RunState run)
    {
        var message = $"the arguments of the call to '{call.Name}' could not be read as a JSON object ({call.Exception!.Message}); the tool did not run. Send the call again with valid JSON arguments.";
        step.StartedAt = run.Now();
        step.Outcome = ToolCallOutcome.Failed;
        step.Errors = [new ToolError("$", message)];
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }

    // Runs one call and records it in its step. handedOff: the end of the previous step, to start from,
    // or 0 to read the clock.
    private static async ValueTask<CallResult> InvokeToolAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                               byte[]? arguments, long handedOff, CancellationToken cancellationToken)
    {
        if (arguments is null)
        {
            arguments = ArgumentsJson.FromCall(call);
            step.SetArguments(arguments);
        }
        var options = run.Options;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(DeclarativeTelemetry.ActivityNames.Tool(tool.Name), ActivityKind.Internal)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "execute_tool");
            activity.AddTag(DeclarativeTelemetry.Tags.ToolName, tool.Name);
            AddTag(activity, DeclarativeTelemetry.Tags.ToolCallId, call.CallId);
            if (options.RecordContent)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.ToolCallArguments, step.Arguments);
            }
        }

        using var timeout = options.ToolTimeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : Stopwatch.GetTimestamp();
        step.StartedAt = run.TimeAt(started);
        CallResult outcome;
        var inline = false;
        try
        {
            // WaitAsync: a tool that ignores its token still cannot hold the run past its limit or the
            // caller's cancellation. A tool that finished synchronously needs no task at all.
            var token = linked?.Token ?? cancellationToken;
            var pending = run.Agent.Tools.InvokeAsync(tool.Name, arguments, options.ToolInvocation, token);
            inline = pending.IsCompletedSuccessfully;
            var result = inline
                ? pending.Result
                : await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
            if (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested && result.IsError)
            {
                outcome = TimedOut(call, tool, step, run);
            }
            else if (result.IsError)
            {
                step.Outcome = ToolCallOutcome.Failed;
                step.Errors = [.. result.Errors];
                var text = "Error: " + result;
                outcome = new CallResult(new FunctionResultContent(call.CallId, text), true, text);
            }
            else
            {
                step.Outcome = ToolCallOutcome.Succeeded;
                var text = result.ToString();
                step.Result = text;
                outcome = new CallResult(new FunctionResultContent(call.CallId, text), false, text);
            }
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            outcome = TimedOut(call, tool, step, run);
        }
        var ended = Stopwatch.GetTimestamp();
        step.Duration = Stopwatch.GetElapsedTime(started, ended);
        if (activity is null)
        {
            // Finished here and now, with nobody else's code to run before the next step: hand the end on.
            return inline ? outcome with { EndTimestamp = ended } : outcome;
        }
        else
        {
            if (outcome.IsError)
            {
                activity.SetTag(DeclarativeTelemetry.Tags.ErrorType, step.Outcome == ToolCallOutcome.TimedOut ? "timeout" : "tool_error");
                activity.SetStatus(ActivityStatusCode.Error, outcome.Summary);
            }
            else if (options.RecordContent && activity.IsAllDataRequested)
            {
                AddTag(activity, DeclarativeTelemetry.Tags.ToolCallResult, step.Result);
            }
        }
        return outcome;
    }

    // Each tag is set once on a fresh activity: AddTag appends, where SetTag would first search the
    // tags for the key. A null value is left out, as SetTag would.
    private static void AddTag(Activity activity, string key, object? value)
    {
        if (value is not null)
        {
            activity.AddTag(key, value);
        }
    }

    private static CallResult TimedOut(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run)
    {
        var message = $"tool '{tool.Name}' timed out after {run.Options.ToolTimeout!.Value.TotalMilliseconds:0} ms and was cancelled";
        step.Outcome = ToolCallOutcome.TimedOut;
        step.Errors = [new ToolError("$", message)];
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }

    // Characters of text and tool results: what dominates a request's size. Call arguments are left
    // out rather than turned into strings just to be counted.
    private static int MessageLength(ChatMessage message)
    {
        var length = 0;
        var contents = message.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            length += contents[i] switch
            {
                TextContent text => text.Text?.Length ?? 0,
                FunctionResultContent { Result: string result } => result.Length,
                FunctionCallContent call => call.Name.Length,
                _ => 0,
            };
        }
        return length;
    }

    private static string Describe(IEnumerable<ChatMessage> messages)
        => JsonSerializer.Serialize(messages.Select(m => m.Role + ": " + m.Text).ToArray(), Serialization.SerializationContext.Default.StringArray);

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
