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

    private sealed record RunOutcome(AgentRunStatus Status, string? Reason, string? Text, IReadOnlyList<ChatMessage> Messages, RunTrace Trace);

    // The public entry points wrap this in WaitAsync: the caller's cancellation completes their task at
    // once, even while tools and the model call unwind; the run's own work observes the same token too.
    private async Task<RunOutcome> RunCoreAsync(IAgent agent, IEnumerable<ChatMessage> input, AgentRunOptions? options,
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

        var run = new RunState(agent, options, new RunTrace { AgentName = descriptor.Name, StartedAt = DateTimeOffset.UtcNow });
        if (!string.IsNullOrEmpty(descriptor.Instructions))
        {
            run.Messages.Add(new ChatMessage(ChatRole.System, descriptor.Instructions));
        }
        run.Messages.AddRange(input);

        using var agentActivity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("invoke_agent " + descriptor.Name, ActivityKind.Internal)
            : null;
        agentActivity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "invoke_agent");
        agentActivity?.SetTag(DeclarativeTelemetry.Tags.AgentName, descriptor.Name);
        agentActivity?.SetTag(DeclarativeTelemetry.Tags.ProviderName, provider);
        agentActivity?.SetTag(DeclarativeTelemetry.Tags.RequestModel, modelId);

        var chatOptions = BuildChatOptions(agent, modelId, options);
        using var runTimeout = options.RunTimeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = runTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var token = linked?.Token ?? cancellationToken;
        var clock = Stopwatch.StartNew();

        RunOutcome Finish(AgentRunStatus status, string? reason, string? text)
        {
            run.Trace.Status = status;
            run.Trace.Reason = reason;
            run.Trace.Duration = clock.Elapsed;
            agentActivity?.SetTag(DeclarativeTelemetry.Tags.InputTokens, run.Trace.Usage.InputTokens);
            agentActivity?.SetTag(DeclarativeTelemetry.Tags.OutputTokens, run.Trace.Usage.OutputTokens);
            if (status != AgentRunStatus.Completed)
            {
                agentActivity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, status.ToString());
                agentActivity?.SetStatus(ActivityStatusCode.Error, reason);
            }
            return new RunOutcome(status, reason, text, run.Messages, run.Trace);
        }

        try
        {
            var outputRetries = 0;
            var consecutiveErrorTurns = 0;
            for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
            {
                if (options.Budget?.Exceeded(run.Trace.Usage, run.Trace.Cost) is { } before)
                {
                    return Finish(AgentRunStatus.BudgetExceeded, before, null);
                }

                ChatResponse response;
                List<FunctionCallContent> calls;
                try
                {
                    (response, calls) = await CallModelAsync(client, provider, modelId, chatOptions, run, iteration, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return Finish(AgentRunStatus.ModelError, "the model call failed: " + ex.Message, null);
                }

                if (options.Budget?.Exceeded(run.Trace.Usage, run.Trace.Cost) is { } after)
                {
                    run.Messages.AddRange(response.Messages);
                    return Finish(AgentRunStatus.BudgetExceeded, after, null);
                }

                run.Messages.AddRange(response.Messages);
                if (calls.Count == 0)
                {
                    var text = response.Text;
                    if (reader is null)
                    {
                        return Finish(AgentRunStatus.Completed, null, text);
                    }
                    var errors = ValidateOutput(reader, text, run, iteration);
                    if (errors.Count == 0)
                    {
                        return Finish(AgentRunStatus.Completed, null, text);
                    }
                    if (outputRetries++ >= options.MaxOutputRetries)
                    {
                        return Finish(AgentRunStatus.InvalidOutput,
                            $"the answer did not match the output schema after {options.MaxOutputRetries} retries: " + string.Join("; ", errors), text);
                    }
                    run.Messages.Add(new ChatMessage(ChatRole.User,
                        "Your answer does not match the required JSON schema:\n" + string.Join("\n", errors.Select(e => "- " + e))
                        + "\nAnswer again with only the corrected JSON."));
                    continue;
                }

                var results = await RunToolCallsAsync(calls, run, iteration, token).ConfigureAwait(false);
                var contents = new List<AIContent>(results.Count);
                var allFailed = true;
                foreach (var r in results)
                {
                    contents.Add(r.Content);
                    allFailed &= r.IsError;
                }
                run.Messages.Add(new ChatMessage(ChatRole.Tool, contents));
                consecutiveErrorTurns = allFailed ? consecutiveErrorTurns + 1 : 0;
                if (consecutiveErrorTurns >= options.MaxConsecutiveErrors)
                {
                    return Finish(AgentRunStatus.TooManyConsecutiveErrors,
                        $"{consecutiveErrorTurns} turns in a row had only failing tool calls; last: " + results[^1].Summary, null);
                }
            }
            return Finish(AgentRunStatus.MaxIterationsReached, $"no final answer after {options.MaxIterations} iterations", null);
        }
        catch (OperationCanceledException) when (runTimeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return Finish(AgentRunStatus.TimedOut, $"the run took longer than its limit of {options.RunTimeout}", null);
        }
    }

    // The AIFunction views of a tool set are immutable; build them once per set and options, not per run.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IToolSet, Tuple<ToolInvocationOptions, AITool[]>> FunctionCache = new();

    private static AITool[] FunctionsOf(IToolSet tools, ToolInvocationOptions invocation)
    {
        if (FunctionCache.TryGetValue(tools, out var cached) && ReferenceEquals(cached.Item1, invocation))
        {
            return cached.Item2;
        }
        AITool[] functions = [.. tools.AsAIFunctions(invocation)];
        FunctionCache.AddOrUpdate(tools, Tuple.Create(invocation, functions));
        return functions;
    }

    private static ChatOptions BuildChatOptions(IAgent agent, string? modelId, AgentRunOptions options)
    {
        var chatOptions = new ChatOptions
        {
            ModelId = modelId,
            Temperature = options.Temperature,
            MaxOutputTokens = options.MaxOutputTokens,
        };
        var tools = FunctionsOf(agent.Tools, options.ToolInvocation);
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

    private static async ValueTask<(ChatResponse Response, List<FunctionCallContent> Calls)> CallModelAsync(IChatClient client, string? provider, string? modelId, ChatOptions chatOptions,
                                                           RunState run, int iteration, CancellationToken cancellationToken)
    {
        var step = new ModelCallStep
        {
            Iteration = iteration,
            StartedAt = DateTimeOffset.UtcNow,
            Model = modelId,
            RequestMessageCount = run.Messages.Count,
            RequestCharacters = run.MeasureRequest(),
        };
        run.Add(step);
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("chat " + (modelId ?? "default"), ActivityKind.Client)
            : null;
        activity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "chat");
        activity?.SetTag(DeclarativeTelemetry.Tags.ProviderName, provider);
        activity?.SetTag(DeclarativeTelemetry.Tags.RequestModel, modelId);
        if (run.Options.RecordContent)
        {
            activity?.SetTag(DeclarativeTelemetry.Tags.InputMessages, Describe(run.Messages));
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await client.GetResponseAsync(run.Messages, chatOptions, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            step.Duration = Stopwatch.GetElapsedTime(started);
            step.Model = response.ModelId ?? modelId;
            step.ResponseText = response.Text;
            step.FinishReason = response.FinishReason?.Value;
            var calls = CallsOf(response);
            if (calls.Count > 0)
            {
                step.ToolCallIds = calls.ConvertAll(c => c.CallId);
            }
            step.Usage = UsageTotals.From(response.Usage);
            // Price by the model that answered (providers report dated ids such as gpt-4o-2024-08-06),
            // falling back to the id that was asked for.
            step.Cost = run.Options.Prices?.CostOf(step.Model, step.Usage) ?? run.Options.Prices?.CostOf(modelId, step.Usage);
            run.AddUsage(step.Usage, step.Cost);

            activity?.SetTag(DeclarativeTelemetry.Tags.ResponseModel, response.ModelId);
            activity?.SetTag(DeclarativeTelemetry.Tags.FinishReasons, step.FinishReason is null ? null : new[] { step.FinishReason });
            activity?.SetTag(DeclarativeTelemetry.Tags.InputTokens, step.Usage.InputTokens);
            activity?.SetTag(DeclarativeTelemetry.Tags.OutputTokens, step.Usage.OutputTokens);
            if (run.Options.RecordContent)
            {
                activity?.SetTag(DeclarativeTelemetry.Tags.OutputMessages, Describe(response.Messages));
            }
            Record(provider, modelId, response.ModelId, step.Usage, step.Duration, errorType: null);
            return (response, calls);
        }
        catch (Exception ex)
        {
            step.Duration = Stopwatch.GetElapsedTime(started);
            step.Error = ex is OperationCanceledException ? "cancelled" : ex.Message;
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Record(provider, modelId, null, null, step.Duration, ex.GetType().FullName);
            throw;
        }
    }

    private static void Record(string? provider, string? requestModel, string? responseModel, UsageTotals? usage, TimeSpan duration, string? errorType)
    {
        if (!DeclarativeTelemetry.OperationDuration.Enabled && !DeclarativeTelemetry.TokenUsage.Enabled)
        {
            return;
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
        if (usage is not null)
        {
            var input = tags;
            input.Add(DeclarativeTelemetry.Tags.TokenType, "input");
            DeclarativeTelemetry.TokenUsage.Record(usage.InputTokens, input);
            var output = tags;
            output.Add(DeclarativeTelemetry.Tags.TokenType, "output");
            DeclarativeTelemetry.TokenUsage.Record(usage.OutputTokens, output);
        }
    }

    private static List<FunctionCallContent> CallsOf(ChatResponse response)
    {
        var calls = new List<FunctionCallContent>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    calls.Add(call);
                }
            }
        }
        return calls;
    }

    private static List<ToolError> ValidateOutput(OutputReader reader, string? text, RunState run, int iteration)
    {
        var step = new OutputValidationStep { Iteration = iteration, StartedAt = DateTimeOffset.UtcNow, Text = text };
        run.Add(step);
        var errors = new List<ToolError>();
        var json = Encoding.UTF8.GetBytes(StripCodeFence(text ?? ""));
        if (!reader(json, errors) && errors.Count == 0)
        {
            errors.Add(new ToolError("$", "the answer is not valid"));
        }
        step.Errors = errors;
        return errors;
    }

    // Models sometimes wrap JSON in a Markdown code fence even when asked for JSON only.
    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return text;
        }
        var firstLineEnd = trimmed.IndexOf('\n');
        return firstLineEnd < 0 ? text : trimmed[(firstLineEnd + 1)..^3];
    }

    private sealed record CallResult(FunctionResultContent Content, bool IsError, string Summary);

    /// <summary>
    /// Runs one turn's calls. Read-only tools run concurrently (up to a limit); every other tool runs
    /// alone, in the order the model asked. Approval-gated calls wait for their decision without
    /// holding back the rest of the turn; once approved, they too run alone.
    /// </summary>
    private async ValueTask<List<CallResult>> RunToolCallsAsync(List<FunctionCallContent> calls, RunState run, int iteration, CancellationToken cancellationToken)
    {
        if (calls.Count == 1)
        {
            // One call: nothing to order or overlap, so no gates and no task per call.
            var call = calls[0];
            var step = run.Add(new ToolCallStep { Iteration = iteration, ToolName = call.Name, CallId = call.CallId });
            var tool = run.Agent.Tools.FindTool(call.Name);
            var single = tool is null
                ? Refuse(call, step, run)
                : tool.RequiresApproval
                    ? await ApproveThenRunAsync(call, tool, step, run, exclusive: null, cancellationToken).ConfigureAwait(false)
                    : await InvokeToolAsync(call, tool, step, run, cancellationToken).ConfigureAwait(false);
            return [single];
        }

        var tasks = new Task<CallResult>[calls.Count];
        // Read-only calls need a gate only when there are more than may run at once.
        using var parallel = calls.Count > run.Options.MaxParallelToolCalls ? new SemaphoreSlim(Math.Max(1, run.Options.MaxParallelToolCalls)) : null;
        var exclusive = new SemaphoreSlim(1, 1);
        Task previousExclusive = Task.CompletedTask;
        var steps = calls.Select(call => run.Add(new ToolCallStep
        {
            Iteration = iteration,
            ToolName = call.Name,
            CallId = call.CallId,
        })).ToList();

        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var step = steps[i];
            var tool = run.Agent.Tools.FindTool(call.Name);
            if (tool is null)
            {
                tasks[i] = Task.FromResult(Refuse(call, step, run));
                continue;
            }
            if (tool.RequiresApproval)
            {
                tasks[i] = ApproveThenRunAsync(call, tool, step, run, exclusive, cancellationToken);
            }
            else if (tool.ReadOnly)
            {
                tasks[i] = parallel is null
                    ? InvokeToolAsync(call, tool, step, run, cancellationToken).AsTask()
                    : RunGatedAsync(call, tool, step, run, parallel, cancellationToken);
            }
            else
            {
                // Chain the side-effecting calls so they run in the order asked, one at a time.
                var before = previousExclusive;
                var task = RunAfterAsync(before, call, tool, step, run, exclusive, cancellationToken);
                previousExclusive = task;
                tasks[i] = task;
            }
        }

        try
        {
            return [.. await Task.WhenAll(tasks).ConfigureAwait(false)];
        }
        finally
        {
            exclusive.Dispose();
        }
    }

    private async Task<CallResult> RunGatedAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                 SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InvokeToolAsync(call, tool, step, run, cancellationToken).ConfigureAwait(false);
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
        return await RunGatedAsync(call, tool, step, run, exclusive, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CallResult> ApproveThenRunAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                       SemaphoreSlim? exclusive, CancellationToken cancellationToken)
    {
        var arguments = ArgumentsJson.FromCall(call);
        var argumentsText = Encoding.UTF8.GetString(arguments);
        step.Arguments = argumentsText;
        ToolApprovalDecision decision;
        if (run.Options.ApprovalHandler is null)
        {
            decision = ToolApprovalDecision.Deny("no approval handler is configured");
        }
        else
        {
            decision = await run.Options.ApprovalHandler
                .DecideAsync(new ToolApprovalRequest(run.Agent.Descriptor.Name, tool, call.CallId, argumentsText), cancellationToken)
                .ConfigureAwait(false);
        }
        step.Approved = decision.Approved;
        step.ApprovalReason = decision.Reason;
        if (!decision.Approved)
        {
            step.StartedAt = DateTimeOffset.UtcNow;
            step.Outcome = ToolCallOutcome.Denied;
            var message = $"the call to '{tool.Name}' was not approved" + (decision.Reason is null ? "" : ": " + decision.Reason) + ". It did not run.";
            step.Errors = [new ToolError("$", message)];
            return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
        }
        return exclusive is null
            ? await InvokeToolAsync(call, tool, step, run, cancellationToken).ConfigureAwait(false)
            : await RunGatedAsync(call, tool, step, run, exclusive, cancellationToken).ConfigureAwait(false);
    }

    private static CallResult Refuse(FunctionCallContent call, ToolCallStep step, RunState run)
    {
        var available = run.Agent.Tools.Tools.Select(t => t.Name).ToList();
        var refusal = ToolResult.UnknownTool(call.Name, available);
        step.StartedAt = DateTimeOffset.UtcNow;
        step.Arguments = Encoding.UTF8.GetString(ArgumentsJson.FromCall(call));
        step.Outcome = ToolCallOutcome.Refused;
        step.Errors = [.. refusal.Errors];
        var text = "Error: " + refusal.Errors[0].Message;
        return new CallResult(new FunctionResultContent(call.CallId, text), true, text);
    }

    private static async ValueTask<CallResult> InvokeToolAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                          CancellationToken cancellationToken)
    {
        var arguments = ArgumentsJson.FromCall(call);
        step.SetArguments(arguments);
        step.StartedAt = DateTimeOffset.UtcNow;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("execute_tool " + tool.Name, ActivityKind.Internal)
            : null;
        activity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "execute_tool");
        activity?.SetTag(DeclarativeTelemetry.Tags.ToolName, tool.Name);
        activity?.SetTag(DeclarativeTelemetry.Tags.ToolCallId, call.CallId);
        if (run.Options.RecordContent)
        {
            activity?.SetTag(DeclarativeTelemetry.Tags.ToolCallArguments, step.Arguments);
        }

        using var timeout = run.Options.ToolTimeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        CallResult outcome;
        try
        {
            // WaitAsync: a tool that ignores its token still cannot hold the run past its limit or the
            // caller's cancellation. A tool that finished synchronously needs no task at all.
            var token = linked?.Token ?? cancellationToken;
            var pending = run.Agent.Tools.InvokeAsync(tool.Name, arguments, run.Options.ToolInvocation, token);
            var result = pending.IsCompletedSuccessfully
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
                step.Result = result.ToString();
                outcome = new CallResult(new FunctionResultContent(call.CallId, step.Result), false, step.Result);
            }
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            outcome = TimedOut(call, tool, step, run);
        }
        step.Duration = Stopwatch.GetElapsedTime(started);
        if (outcome.IsError)
        {
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, step.Outcome == ToolCallOutcome.TimedOut ? "timeout" : "tool_error");
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Summary);
        }
        else if (run.Options.RecordContent)
        {
            activity?.SetTag(DeclarativeTelemetry.Tags.ToolCallResult, step.Result);
        }
        return outcome;
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
        foreach (var content in message.Contents)
        {
            length += content switch
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
    private sealed class RunState(IAgent agent, AgentRunOptions options, RunTrace trace)
    {
        private readonly Lock _lock = new();
        private bool _unpriced;

        public IAgent Agent { get; } = agent;

        public AgentRunOptions Options { get; } = options;

        public RunTrace Trace { get; } = trace;

        public List<ChatMessage> Messages { get; } = [];

        private int _measured;
        private long _characters;

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
            lock (_lock)
            {
                step.Index = Trace.Steps.Count;
                Trace.Steps.Add(step);
            }
            return step;
        }

        public void AddUsage(UsageTotals usage, decimal? cost)
        {
            lock (_lock)
            {
                Trace.Usage += usage;
                // One unpriced call makes the total unknown: a partial sum would understate the bill.
                _unpriced |= cost is null;
                Trace.Cost = _unpriced ? null : (Trace.Cost ?? 0m) + cost;
            }
        }
    }
}
