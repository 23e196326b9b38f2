using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Declarative.Orchestration;

/// <summary>
/// An agent as one part of a composition or as a manager's specialist, with what it takes and gives:
/// a typed input (or a text message) and a typed answer (or text). Build one with <see cref="Of(IAgent, string?, string?)"/>
/// and its overloads; generated compositions and managers do the same.
/// </summary>
public abstract class Participant
{
    private string[] _handOffTo = [];

    private protected Participant(IAgent agent, string? name, string? description)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Agent = agent;
        var descriptor = agent.Descriptor;
        Name = string.IsNullOrEmpty(name) ? descriptor.Name : name;
        Description = description ?? descriptor.Description;
    }

    /// <summary>The agent.</summary>
    public IAgent Agent { get; }

    /// <summary>Its name in the composition: the agent's name unless another was given.</summary>
    public string Name { get; }

    /// <summary>What it does, as a manager or a speaker selector is told.</summary>
    public string? Description { get; }

    /// <summary>The typed input's name, or null when it takes a text message.</summary>
    public string? InputTypeName => Agent.Descriptor.InputTypeName;

    /// <summary>The typed input's schema, or null when it takes a text message.</summary>
    public JsonElement? InputSchema => Agent.Descriptor.InputSchema;

    /// <summary>The typed answer's name, or null when it answers in text.</summary>
    public string? OutputTypeName => Agent.Descriptor.OutputTypeName;

    /// <summary>The typed answer's schema, or null when it answers in text.</summary>
    public JsonElement? OutputSchema => Agent.Descriptor.OutputSchema;

    /// <summary>In a hand-off composition: the participants it may transfer the conversation to.</summary>
    public IReadOnlyList<string> HandOffTo => _handOffTo;

    /// <summary>In a group chat: whether a valid typed answer from it ends the chat.</summary>
    public bool Finishes { get; private set; }

    /// <summary>The same participant, allowed to transfer the conversation to <paramref name="targets"/> (in a hand-off composition).</summary>
    /// <param name="targets">The names of the participants it may hand off to.</param>
    public Participant HandsOffTo(params string[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var copy = (Participant)MemberwiseClone();
        copy._handOffTo = [.. targets];
        return copy;
    }

    /// <summary>The same participant, whose valid typed answer ends a group chat.</summary>
    public Participant Finishing()
    {
        var copy = (Participant)MemberwiseClone();
        copy.Finishes = true;
        return copy;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>An agent that takes a text message and answers in text.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="name">Its name in the composition; the agent's when null.</param>
    /// <param name="description">What it does; the agent's description when null.</param>
    public static Participant Of(IAgent agent, string? name = null, string? description = null)
        => new TextParticipant(agent, name, description);

    /// <summary>An agent that takes a text message and gives a typed answer.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="name">Its name in the composition; the agent's when null.</param>
    /// <param name="description">What it does; the agent's description when null.</param>
    public static Participant Of<TOutput>(IAgent<TOutput> agent, string? name = null, string? description = null)
        => new OutputParticipant<TOutput>(agent, name, description);

    /// <summary>An agent that takes a typed input and answers in text.</summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="name">Its name in the composition; the agent's when null.</param>
    /// <param name="description">What it does; the agent's description when null.</param>
    public static Participant WithInput<TInput>(IAgentWithInput<TInput> agent, string? name = null, string? description = null)
        => new InputParticipant<TInput>(agent, name, description);

    /// <summary>An agent that takes a typed input and gives a typed answer.</summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="name">Its name in the composition; the agent's when null.</param>
    /// <param name="description">What it does; the agent's description when null.</param>
    public static Participant Of<TInput, TOutput>(IAgent<TInput, TOutput> agent, string? name = null, string? description = null)
        => new TypedParticipant<TInput, TOutput>(agent, name, description);

    // ---- internals: what the runners (AgentTool, the composition runners) use ----

    /// <summary>The typed input's CLR type, or null when it takes a text message.</summary>
    internal abstract Type? InputType { get; }

    /// <summary>The typed answer's CLR type, or null when it answers in text.</summary>
    internal abstract Type? OutputType { get; }

    /// <summary>Reads a typed answer with the agent's generated reader; null for a text answer.</summary>
    internal abstract AgentRunner.OutputReader? Reader { get; }

    /// <summary>
    /// Turns what the participant is given into the user message the model sees: a typed input is read (a value
    /// of the input type as is; JSON or JSON text with the agent's generated reader, every error with its path)
    /// and rendered with <see cref="IAgentWithInput{TInput}.FormatInput"/>; a text participant takes text as
    /// is and JSON as its text.
    /// </summary>
    /// <param name="input">What it is given.</param>
    /// <param name="message">The message, when it could be read.</param>
    /// <param name="errors">Why not, path-addressed.</param>
    internal abstract bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors);

    // A text participant: text as is, JSON as its text, a value by its string form.
    private protected static bool RenderText(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
    {
        errors = [];
        message = input.AsText() ?? input.Value?.ToString() ?? "";
        return true;
    }

    // A typed participant: a value of its type as is, else JSON read with its generated reader.
    private protected bool RenderTyped<TInput>(IAgentWithInput<TInput> agent, in ParticipantInput input, [NotNullWhen(true)] out string? message,
                                               out IReadOnlyList<ToolError> errors)
    {
        message = null;
        TInput value;
        if (input.HasValue && input.Value is TInput given)
        {
            value = given;
        }
        else if ((input.Json ?? (input.Text is { } text ? Encoding.UTF8.GetBytes(CodeFence.Strip(text)) : null)) is { } json)
        {
            if (!agent.TryReadInput(json.Span, out value, out errors))
            {
                if (errors.Count == 0)
                {
                    errors = [new ToolError("$", $"not a valid {InputTypeName ?? typeof(TInput).Name}")];
                }
                return false;
            }
        }
        else
        {
            errors = [new ToolError("$", $"'{Name}' takes {InputTypeName ?? typeof(TInput).Name}, not {input.Value?.GetType().Name ?? "null"}")];
            return false;
        }
        try
        {
            message = agent.FormatInput(value);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            errors = [new ToolError("$", $"the input of '{Name}' could not be rendered for the model: {exception.Message}")];
            return false;
        }
        errors = [];
        return true;
    }

    // The run of an agent with checks or a critic: the reflection loop (draft, check, revise) instead of one run.
    // Null for an agent without them, which runs as an ordinary child run.
    internal virtual Task<ReflectedRun>? Reflect(AgentRunner runner, IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, AgentRunOptions options,
                                                 CancellationToken cancellationToken) => null;

    private protected static Task<ReflectedRun>? ReflectTyped<TOutput>(IAgent<TOutput> agent, AgentRunner runner, IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
                                                                       AgentRunOptions options, CancellationToken cancellationToken)
    {
        if (agent is not Reflection.IReflectiveAgent<TOutput> reflective || (reflective.Checks.Count == 0 && reflective.Critic is null))
        {
            return null;
        }
        return RunAsync();

        async Task<ReflectedRun> RunAsync()
        {
            var loop = new Reflection.ReflectionRunner(runner.Models, new Reflection.ReflectionOptions { Run = options });
            var result = await loop.RunAsync(agent, messages, reflective.Checks, reflective.Critic, null, cancellationToken).ConfigureAwait(false);
            var status = result.Status switch
            {
                Reflection.ReflectionStatus.Accepted => AgentRunStatus.Completed,
                Reflection.ReflectionStatus.BudgetExceeded => AgentRunStatus.BudgetExceeded,
                Reflection.ReflectionStatus.TimedOut => AgentRunStatus.TimedOut,
                _ => AgentRunStatus.InvalidOutput,
            };
            var reason = status == AgentRunStatus.Completed ? null : $"the reflection loop ended {result.Status}: {result.Reason}";
            var trace = new RunTrace
            {
                AgentName = result.Trace.AgentName, StartedAt = result.Trace.StartedAt, Duration = result.Trace.Duration, Status = status, Reason = reason,
                Steps = result.Trace.Steps, Usage = result.Trace.Usage, Cost = result.Trace.Cost,
            };
            return new ReflectedRun(trace, result.Rounds.Count > 0 ? result.Rounds[^1].Text : null, result.Value, result.Messages);
        }
    }

    private sealed class TextParticipant(IAgent agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => null;

        internal override Type? OutputType => null;

        internal override AgentRunner.OutputReader? Reader => null;

        internal override bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
            => RenderText(input, out message, out errors);
    }

    private sealed class OutputParticipant<TOutput>(IAgent<TOutput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        private readonly AgentRunner.OutputReader _reader = AgentRunner.ReaderFor(agent);

        internal override Type? InputType => null;

        internal override Type? OutputType => typeof(TOutput);

        internal override AgentRunner.OutputReader? Reader => _reader;

        internal override Task<ReflectedRun>? Reflect(AgentRunner runner, IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, AgentRunOptions options,
                                                      CancellationToken cancellationToken)
            => ReflectTyped(agent, runner, messages, options, cancellationToken);

        internal override bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
            => RenderText(input, out message, out errors);
    }

    private sealed class InputParticipant<TInput>(IAgentWithInput<TInput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => typeof(TInput);

        internal override Type? OutputType => null;

        internal override AgentRunner.OutputReader? Reader => null;

        internal override bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
            => RenderTyped(agent, input, out message, out errors);
    }

    private sealed class TypedParticipant<TInput, TOutput>(IAgent<TInput, TOutput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        private readonly AgentRunner.OutputReader _reader = AgentRunner.ReaderFor(agent);

        internal override Type? InputType => typeof(TInput);

        internal override Type? OutputType => typeof(TOutput);

        internal override AgentRunner.OutputReader? Reader => _reader;

        internal override Task<ReflectedRun>? Reflect(AgentRunner runner, IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, AgentRunOptions options,
                                                      CancellationToken cancellationToken)
            => ReflectTyped(agent, runner, messages, options, cancellationToken);

        internal override bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
            => RenderTyped(agent, input, out message, out errors);
    }
}

// A reflection loop's run of a participant, in the form a child run records.
internal sealed record ReflectedRun(RunTrace Trace, string? Text, object? Output, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> Messages);
