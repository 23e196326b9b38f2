using System.Text.Json;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

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

    // The .NET types of what it takes and gives; null for text.
    internal abstract Type? InputType { get; }

    internal abstract Type? OutputType { get; }

    // The message for a specialist tool's arguments: the typed input read by the agent's generated reader, or the
    // "request" string of a text agent.
    internal abstract bool TryMessageFromArguments(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors);

    // The message for what the previous agent handed on (its typed answer's JSON, or its text).
    internal abstract bool TryMessageFromAnswer(string handed, out string message, out IReadOnlyList<ToolError> errors);

    // The message for a composition's own input.
    internal bool TryMessageFromValue<TValue>(TValue value, out string message)
    {
        if (Agent is IAgentWithInput<TValue> typed)
        {
            message = typed.FormatInput(value);
            return true;
        }
        if (InputType is null && value is string text)
        {
            message = text;
            return true;
        }
        message = "";
        return false;
    }

    // Runs the agent (through the reflection loop when it has checks or a critic) as part of a larger run.
    internal abstract Task<ChildOutcome> RunAsync(AgentRunner runner, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree,
                                                  CancellationToken cancellationToken);

    private static bool TryRequest(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
    {
        message = "";
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = [new ToolError("$", $"expected an object with a \"request\" string, got {root.ValueKind.ToString().ToLowerInvariant()}")];
                return false;
            }
            var found = new List<ToolError>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == "request")
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        message = property.Value.GetString()!;
                    }
                    else
                    {
                        found.Add(new ToolError("$.request", $"expected a string, got {property.Value.ValueKind.ToString().ToLowerInvariant()}"));
                    }
                }
                else
                {
                    found.Add(new ToolError("$." + property.Name, "unknown property; the only one is \"request\""));
                }
            }
            if (found.Count == 0 && !root.TryGetProperty("request", out _))
            {
                found.Add(new ToolError("$.request", "required"));
            }
            errors = found;
            return found.Count == 0;
        }
        catch (JsonException exception)
        {
            errors = [new ToolError("$", "the arguments are not valid JSON: " + exception.Message)];
            return false;
        }
    }

    private static Task<ChildOutcome> RunTextAsync(AgentRunner runner, IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree,
                                                   CancellationToken cancellationToken)
        => runner.RunChildAsync(agent, messages, options, tree, cancellationToken);

    private static async Task<ChildOutcome> RunTypedAsync<TOutput>(AgentRunner runner, IAgent<TOutput> agent, IEnumerable<ChatMessage> messages,
                                                                   AgentRunOptions options, RunTree tree, CancellationToken cancellationToken)
    {
        if (agent is IReflectiveAgent<TOutput> reflective && (reflective.Checks.Count > 0 || reflective.Critic is not null))
        {
            var reflection = new ReflectionRunner(runner.Models, new ReflectionOptions { Run = options });
            var result = await reflection.RunAsync(agent, messages, reflective.Checks, reflective.Critic, null, cancellationToken).ConfigureAwait(false);
            var status = result.Status switch
            {
                ReflectionStatus.Accepted => AgentRunStatus.Completed,
                ReflectionStatus.BudgetExceeded => AgentRunStatus.BudgetExceeded,
                ReflectionStatus.TimedOut => AgentRunStatus.TimedOut,
                _ => AgentRunStatus.InvalidOutput,
            };
            var text = result.Rounds.Count > 0 ? result.Rounds[^1].Text : null;
            return new ChildOutcome(status, status == AgentRunStatus.Completed ? null : $"{result.Status}: {result.Reason}", text, result.Value,
                status == AgentRunStatus.Completed && text is not null ? CodeFence.Strip(text) : null, result.Trace, result.Messages);
        }
        return await runner.RunChildAsync(agent, messages, options, tree, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryTypedMessage<TInput>(IAgentWithInput<TInput> agent, ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
    {
        if (agent.TryReadInput(utf8Json, out var input, out errors))
        {
            message = agent.FormatInput(input);
            return true;
        }
        message = "";
        return false;
    }

    private sealed class TextParticipant(IAgent agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => null;

        internal override Type? OutputType => null;

        internal override bool TryMessageFromArguments(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
            => TryRequest(utf8Json, out message, out errors);

        internal override bool TryMessageFromAnswer(string handed, out string message, out IReadOnlyList<ToolError> errors)
        {
            (message, errors) = (handed, []);
            return true;
        }

        internal override Task<ChildOutcome> RunAsync(AgentRunner runner, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree, CancellationToken cancellationToken)
            => RunTextAsync(runner, Agent, messages, options, tree, cancellationToken);
    }

    private sealed class OutputParticipant<TOutput>(IAgent<TOutput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => null;

        internal override Type? OutputType => typeof(TOutput);

        internal override bool TryMessageFromArguments(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
            => TryRequest(utf8Json, out message, out errors);

        internal override bool TryMessageFromAnswer(string handed, out string message, out IReadOnlyList<ToolError> errors)
        {
            (message, errors) = (handed, []);
            return true;
        }

        internal override Task<ChildOutcome> RunAsync(AgentRunner runner, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree, CancellationToken cancellationToken)
            => RunTypedAsync(runner, agent, messages, options, tree, cancellationToken);
    }

    private sealed class InputParticipant<TInput>(IAgentWithInput<TInput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => typeof(TInput);

        internal override Type? OutputType => null;

        internal override bool TryMessageFromArguments(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
            => TryTypedMessage(agent, utf8Json, out message, out errors);

        internal override bool TryMessageFromAnswer(string handed, out string message, out IReadOnlyList<ToolError> errors)
            => TryTypedMessage(agent, System.Text.Encoding.UTF8.GetBytes(handed), out message, out errors);

        internal override Task<ChildOutcome> RunAsync(AgentRunner runner, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree, CancellationToken cancellationToken)
            => RunTextAsync(runner, Agent, messages, options, tree, cancellationToken);
    }

    private sealed class TypedParticipant<TInput, TOutput>(IAgent<TInput, TOutput> agent, string? name, string? description) : Participant(agent, name, description)
    {
        internal override Type? InputType => typeof(TInput);

        internal override Type? OutputType => typeof(TOutput);

        internal override bool TryMessageFromArguments(ReadOnlySpan<byte> utf8Json, out string message, out IReadOnlyList<ToolError> errors)
            => TryTypedMessage(agent, utf8Json, out message, out errors);

        internal override bool TryMessageFromAnswer(string handed, out string message, out IReadOnlyList<ToolError> errors)
            => TryTypedMessage(agent, System.Text.Encoding.UTF8.GetBytes(handed), out message, out errors);

        internal override Task<ChildOutcome> RunAsync(AgentRunner runner, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree, CancellationToken cancellationToken)
            => RunTypedAsync(runner, agent, messages, options, tree, cancellationToken);
    }
}
