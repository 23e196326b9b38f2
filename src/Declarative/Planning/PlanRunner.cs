using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Declarative.Planning;

/// <summary>
/// The planning pattern: the model writes a plan over the agent's tools (with the plan schema as the
/// response format), the plan is validated as a whole and sent back with its errors for a bounded
/// number of repairs, then executed as a graph; failed steps go back with the partial results for a
/// bounded number of revised plans; finally the model composes the answer from the results.
/// </summary>
public sealed class PlanRunner
{
    private static readonly ConditionalWeakTable<IToolSet, PlanValidator> Validators = new();
    private readonly ModelRegistry _models;
    private readonly PlanRunOptions _defaults;

    /// <summary>Creates a runner whose agents all use one chat client.</summary>
    /// <param name="chatClient">The model.</param>
    /// <param name="options">Default options for runs.</param>
    public PlanRunner(IChatClient chatClient, PlanRunOptions? options = null)
        : this(new ModelRegistry(chatClient ?? throw new ArgumentNullException(nameof(chatClient))), options)
    {
    }

    /// <summary>Creates a runner that picks each agent's client from a registry.</summary>
    /// <param name="models">Model ids and tiers to clients.</param>
    /// <param name="options">Default options for runs.</param>
    public PlanRunner(ModelRegistry models, PlanRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        _defaults = options ?? PlanRunOptions.Default;
    }

    /// <summary>The validator for an agent's tools (cached per tool set when the limits are the defaults).</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="limits">Bounds on plans.</param>
    /// <param name="invocation">Reading limits for arguments.</param>
    public static PlanValidator ValidatorFor(IAgent agent, PlanLimits? limits = null, ToolInvocationOptions? invocation = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if ((limits is null || limits == PlanLimits.Default) && (invocation is null || invocation == ToolInvocationOptions.Default))
        {
            return Validators.GetValue(agent.Tools, static tools => new PlanValidator(tools));
        }
        return new PlanValidator(agent.Tools, limits, invocation);
    }

    /// <summary>Plans and executes one request.</summary>
    /// <param name="agent">The agent whose tools the plan may use.</param>
    /// <param name="input">The user's request.</param>
    /// <param name="cancellationToken">Stops the run; the exception propagates.</param>
    public Task<PlanRunResult> RunAsync(IAgent agent, string input, CancellationToken cancellationToken = default)
        => RunAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    /// <summary>Plans and executes a conversation's request.</summary>
    /// <param name="agent">The agent whose tools the plan may use.</param>
    /// <param name="messages">The conversation so far (without the agent's instructions, which are added).</param>
    /// <param name="options">Options for this run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the run; the exception propagates.</param>
    public async Task<PlanRunResult> RunAsync(IAgent agent, IEnumerable<ChatMessage> messages, PlanRunOptions? options = null,
                                              CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= _defaults;
        var descriptor = agent.Descriptor;
        var (client, modelId) = _models.Resolve(descriptor.Model);
        var model = new ModelCall(client, modelId, options.Prices, options.Execution.RecordContent);
        var provider = model.Provider;
        var validator = ValidatorFor(agent, options.Limits, options.Execution.ToolInvocation);
        var execution = options.Execution.TimeProvider == TimeProvider.System && options.TimeProvider != TimeProvider.System
            ? options.Execution with { TimeProvider = options.TimeProvider }
            : options.Execution;
        var executor = new PlanExecutor(agent.Tools, execution);
        var trace = new RunTraceBuilder(descriptor.Name, options.TimeProvider, concurrentStarts: true);

        using var activity = AgentActivity.Start(descriptor.Name, provider, modelId);

        var conversation = new List<ChatMessage>
        {
            new(ChatRole.System, (descriptor.Instructions.Length > 0 ? descriptor.Instructions + "\n\n" : "") + PlanningInstructions(agent.Tools.Tools)),
        };
        conversation.AddRange(messages);
        var planOptions = new ChatOptions { ModelId = modelId, Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };
        if (options.UseResponseFormat)
        {
            planOptions.ResponseFormat = ChatResponseFormat.ForJsonSchema(validator.Schema, "plan", "A plan over the agent's tools.");
        }

        var executions = new List<PlanExecutionResult>();
        Plan? plan = null;
        var repairs = 0;
        var revisions = 0;
        var iteration = 0;

        PlanRunResult End(PlanRunStatus status, string? reason, string? text = null)
        {
            var published = trace.Build(status switch
            {
                PlanRunStatus.Completed => AgentRunStatus.Completed,
                PlanRunStatus.BudgetExceeded => AgentRunStatus.BudgetExceeded,
                PlanRunStatus.ModelError => AgentRunStatus.ModelError,
                PlanRunStatus.InvalidPlan => AgentRunStatus.InvalidOutput,
                PlanRunStatus.Denied => AgentRunStatus.Denied,
                PlanRunStatus.TimedOut => AgentRunStatus.TimedOut,
                _ => AgentRunStatus.PlanStepsFailed,
            }, reason);
            if (status != PlanRunStatus.Completed)
            {
                activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, status.ToString());
                activity?.SetStatus(ActivityStatusCode.Error, reason);
            }
            activity?.SetTag(DeclarativeTelemetry.Tags.InputTokens, published.Usage.InputTokens);
            activity?.SetTag(DeclarativeTelemetry.Tags.OutputTokens, published.Usage.OutputTokens);
            return new PlanRunResult(status, reason, text, plan, executions, conversation, published);
        }

        // The shared model-call step; a failure that is not the caller's (or the run's time limit) ends the run as a model error.
        async Task<(ChatResponse? Response, string? Error)> CallModelAsync(ChatOptions chatOptions, CancellationToken token)
        {
            try
            {
                var (response, _, _) = await model.InvokeAsync(conversation, chatOptions, trace, iteration, handedOff: 0, token).ConfigureAwait(false);
                return (response, null);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && token.IsCancellationRequested))
            {
                return (null, "the model call failed: " + exception.Message);
            }
        }

        using var runTimeout = options.RunTimeout is { } limit ? new CancellationTokenSource(limit, options.TimeProvider) : null;
        using var linked = runTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var token = linked?.Token ?? cancellationToken;
        try
        {
            while (true)
            {
                iteration++;
                if (options.Budget?.Exceeded(trace.Usage, trace.Cost) is { } spent)
                {
                    return End(PlanRunStatus.BudgetExceeded, spent);
                }
                var (response, modelError) = await CallModelAsync(planOptions, token).ConfigureAwait(false);
                if (response is null)
                {
                    return End(PlanRunStatus.ModelError, modelError);
                }
                var text = response.Text ?? "";
                conversation.Add(new ChatMessage(ChatRole.Assistant, text));

                var validationStart = trace.Now();
                var validation = validator.Validate(CodeFence.Strip(text));
                trace.Add(index => new PlanValidationStep { Index = index, Iteration = iteration, StartedAt = validationStart, Plan = text, Errors = validation.Errors });
                if (!validation.IsValid)
                {
                    if (repairs >= options.MaxRepairs)
                    {
                        return End(PlanRunStatus.InvalidPlan, $"the plan was still invalid after {repairs} repair{(repairs == 1 ? "" : "s")}: " + validation.Errors[0]);
                    }
                    repairs++;
                    conversation.Add(new ChatMessage(ChatRole.User,
                        "The plan was refused and nothing ran. Fix every error below and reply with the whole corrected plan as JSON.\n" + validation));
                    continue;
                }

                plan = validation.Plan!;
                // The execution records its steps in the run's trace, between the model calls.
                var executed = await executor.ExecuteAsync(plan, descriptor.Name, iteration, trace, token).ConfigureAwait(false);
                executions.Add(executed);
                if (executed.Status == PlanExecutionStatus.Denied)
                {
                    return End(PlanRunStatus.Denied, executed.Reason);
                }
                if (!executed.IsSuccess)
                {
                    if (revisions >= options.MaxRevisions)
                    {
                        return End(PlanRunStatus.StepsFailed, executed.Reason);
                    }
                    revisions++;
                    conversation.Add(new ChatMessage(ChatRole.User,
                        "The plan ran, but not every step succeeded. Results so far:\n" + executed.Describe()
                        + "\nReply with a revised plan (JSON) that completes the request. Only the steps in the new plan will run; "
                        + "use results above as literal values instead of running those steps again."));
                    continue;
                }
                break;
            }

            if (!options.ComposeAnswer)
            {
                return End(PlanRunStatus.Completed, null, null);
            }
            conversation.Add(new ChatMessage(ChatRole.User,
                "Every step of the plan succeeded. Results:\n" + executions[^1].Describe()
                + "\nAnswer the original request from these results, in plain words for the user."));
            iteration++;
            if (options.Budget?.Exceeded(trace.Usage, trace.Cost) is { } over)
            {
                return End(PlanRunStatus.BudgetExceeded, over);
            }
            var answerOptions = new ChatOptions { ModelId = modelId, Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };
            var (answer, answerError) = await CallModelAsync(answerOptions, token).ConfigureAwait(false);
            if (answer is null)
            {
                return End(PlanRunStatus.ModelError, answerError);
            }
            conversation.Add(new ChatMessage(ChatRole.Assistant, answer.Text ?? ""));
            return End(PlanRunStatus.Completed, null, answer.Text);
        }
        catch (OperationCanceledException) when (runTimeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return End(PlanRunStatus.TimedOut, $"the run took longer than its limit of {options.RunTimeout}");
        }
    }

    /// <summary>
    /// The instructions that teach a model the plan format and the tools, including each tool's
    /// result schema (which the references point into).
    /// </summary>
    /// <param name="tools">The tools plans may use.</param>
    public static string PlanningInstructions(IReadOnlyList<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var builder = new StringBuilder();
        builder.Append("""
            Answer by writing a plan; do not call tools yourself. Reply with only a JSON object:
            {"steps": [{"id": "...", "tool": "...", "arguments": {...}, "dependsOn": ["..."], "description": "..."}]}
            - id: unique in the plan; letters, digits, '_' or '-'.
            - tool: one of the tools below; arguments: exactly that tool's arguments.
            - Any argument value may instead take a value from another step's result:
              {"$from": "<step id>", "path": "<JSON pointer into its result>"}. "" is the whole result,
              "/0/name" the name of the first item, and a '*' segment maps over a list: "/*/id" is the list of every item's id.
            - dependsOn (optional): steps that must finish first when no value is taken from them.
            - Steps that do not depend on each other run in parallel. The whole plan is checked before anything runs.

            Tools:
            """);
        foreach (var tool in tools)
        {
            builder.Append("\n- ").Append(tool.Name);
            if (tool.Description.Length > 0)
            {
                builder.Append(": ").Append(tool.Description);
            }
            builder.Append("\n  arguments: ").Append(tool.ParametersSchemaJson);
            builder.Append("\n  returns: ").Append(tool.ReturnSchemaJson ?? "nothing");
            if (tool.RequiresApproval)
            {
                builder.Append("\n  (requires approval before it runs)");
            }
        }
        return builder.ToString();
    }
}
