using Declarative.Orchestration;
using Declarative.Planning;

namespace Declarative.Evaluation;

/// <summary>What an eval runs on each case: an agent, a plan runner, a composition or any code that yields a run.</summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public abstract class EvalTarget<TInput, TOutput>
{
    /// <summary>The target's name in reports.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the target on one input.</summary>
    /// <param name="input">The case's input.</param>
    /// <param name="context">The chat client and limits to use.</param>
    /// <param name="cancellationToken">Stops the run (the case's time-out, or the eval's cancellation).</param>
    /// <returns>The run, as graders see it.</returns>
    public abstract Task<EvalRun<TOutput>> RunAsync(TInput input, EvalTargetContext context, CancellationToken cancellationToken);
}

/// <summary>Targets for the runners Declarative has: agents, plan-and-execute, compositions, or a delegate.</summary>
public static class EvalTarget
{
    /// <summary>A typed agent with a typed input, run by <see cref="AgentRunner"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="options">Run options; the case's budget, time-out and prices are applied over them.</param>
    public static EvalTarget<TInput, TOutput> Agent<TInput, TOutput>(IAgent<TInput, TOutput> agent, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Create<TInput, TOutput>(agent.Descriptor.Name, async (input, context, ct) =>
        {
            var result = await Runner(context, options).RunAsync(agent, input, Options(context, options), ct).ConfigureAwait(false);
            return FromAgent(result, result.Output);
        });
    }

    /// <summary>A typed agent that takes text, run by <see cref="AgentRunner"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="options">Run options; the case's budget, time-out and prices are applied over them.</param>
    public static EvalTarget<string, TOutput> Agent<TOutput>(IAgent<TOutput> agent, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Create<string, TOutput>(agent.Descriptor.Name, async (input, context, ct) =>
        {
            var result = await Runner(context, options).RunAsync(agent, [new(Microsoft.Extensions.AI.ChatRole.User, input)], Options(context, options), ct).ConfigureAwait(false);
            return FromAgent(result, result.Output);
        });
    }

    /// <summary>An agent that takes and gives text, run by <see cref="AgentRunner"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="options">Run options; the case's budget, time-out and prices are applied over them.</param>
    public static EvalTarget<string, string> TextAgent(IAgent agent, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Create<string, string>(agent.Descriptor.Name, async (input, context, ct) =>
        {
            var result = await Runner(context, options).RunAsync(agent, [new(Microsoft.Extensions.AI.ChatRole.User, input)], Options(context, options), ct).ConfigureAwait(false);
            return FromAgent(result, result.Text);
        });
    }

    /// <summary>An agent run plan-and-execute by <see cref="PlanRunner"/>: the model writes a plan, the executor runs it, the answer is text.</summary>
    /// <param name="agent">The agent whose tools the plan may use.</param>
    /// <param name="options">Plan options; the case's budget, time-out and prices are applied over them.</param>
    public static EvalTarget<string, string> Plan(IAgent agent, PlanRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Create<string, string>(agent.Descriptor.Name + " (plan)", async (input, context, ct) =>
        {
            var baseline = options ?? PlanRunOptions.Default;
            var merged = baseline with
            {
                Budget = context.Budget ?? baseline.Budget,
                RunTimeout = context.Timeout ?? baseline.RunTimeout,
                Prices = baseline.Prices ?? context.Prices,
            };
            var result = await new PlanRunner(context.ChatClient, merged).RunAsync(agent, [new(Microsoft.Extensions.AI.ChatRole.User, input)], merged, ct).ConfigureAwait(false);
            return new EvalRun<string>
            {
                Trace = result.Trace,
                Completed = result.IsCompleted,
                Status = result.Status.ToString(),
                Reason = result.Reason,
                Output = result.Text,
                Text = result.Text,
            };
        });
    }

    /// <summary>A composition (pipeline, parallel, hand-off, group chat) with a typed input, run by <see cref="AgentRunner"/>.</summary>
    /// <param name="composition">The composition.</param>
    /// <param name="options">Run options; the case's budget, time-out and prices are applied over them.</param>
    public static EvalTarget<TInput, TOutput> Composition<TInput, TOutput>(IComposition<TInput, TOutput> composition, AgentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(composition);
        return Create<TInput, TOutput>(composition.Composition.Name, async (input, context, ct) =>
        {
            var result = await Runner(context, options).RunAsync(composition, input, Options(context, options), ct).ConfigureAwait(false);
            return new EvalRun<TOutput>
            {
                Trace = result.Trace,
                Completed = result.Succeeded,
                Status = result.Status.ToString(),
                Reason = result.Reason,
                Output = result.Output,
                Text = result.Text,
            };
        });
    }

    /// <summary>Any code that runs something and says how it went.</summary>
    /// <param name="name">The target's name in reports.</param>
    /// <param name="run">Runs one input; use <see cref="EvalTargetContext.ChatClient"/> so the cache and retries apply.</param>
    public static EvalTarget<TInput, TOutput> Create<TInput, TOutput>(string name, Func<TInput, EvalTargetContext, CancellationToken, Task<EvalRun<TOutput>>> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(run);
        return new DelegateTarget<TInput, TOutput>(name, run);
    }

    private static AgentRunner Runner(EvalTargetContext context, AgentRunOptions? options) => new(context.ChatClient, Options(context, options));

    private static AgentRunOptions Options(EvalTargetContext context, AgentRunOptions? options)
    {
        var baseline = options ?? AgentRunOptions.Default;
        if (context.Budget is null && context.Timeout is null && (context.Prices is null || baseline.Prices is not null))
        {
            return baseline;
        }
        return baseline with
        {
            Budget = context.Budget ?? baseline.Budget,
            RunTimeout = context.Timeout ?? baseline.RunTimeout,
            Prices = baseline.Prices ?? context.Prices,
        };
    }

    private static EvalRun<TOutput> FromAgent<TOutput>(AgentRunResult result, TOutput? output) => new()
    {
        Trace = result.Trace,
        Completed = result.IsCompleted,
        Status = result.Status.ToString(),
        Reason = result.Reason,
        Output = result.IsCompleted ? output : default,
        Text = result.Text,
    };

    private sealed class DelegateTarget<TInput, TOutput>(string name, Func<TInput, EvalTargetContext, CancellationToken, Task<EvalRun<TOutput>>> run)
        : EvalTarget<TInput, TOutput>
    {
        public override string Name => name;

        public override Task<EvalRun<TOutput>> RunAsync(TInput input, EvalTargetContext context, CancellationToken cancellationToken)
            => run(input, context, cancellationToken);
    }
}
