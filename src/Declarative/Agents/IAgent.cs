namespace Declarative;

/// <summary>An agent: what the model is told (its descriptor) and the only tools it may call.</summary>
/// <remarks>Generated for <see cref="AgentAttribute"/> classes; <see cref="Agent"/> builds one at run time.</remarks>
public interface IAgent
{
    /// <summary>Name, instructions, model, tool descriptors and output schema.</summary>
    AgentDescriptor Descriptor { get; }

    /// <summary>The agent's tools, and nothing else: a call to any other name is refused.</summary>
    IToolSet Tools { get; }
}

/// <summary>An agent with a typed, schema-checked answer.</summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public interface IAgent<TOutput> : IAgent
{
    /// <summary>Reads the model's JSON answer, reporting every error with its path.</summary>
    /// <param name="utf8Json">The answer.</param>
    /// <param name="output">The value, when valid.</param>
    /// <param name="errors">The errors, when not.</param>
    /// <returns>Whether the answer was valid.</returns>
    bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out TOutput output, out IReadOnlyList<ToolError> errors);
}

/// <summary>An agent with a typed input: what it is given is a value, rendered for the model and read back by generated code.</summary>
/// <typeparam name="TInput">The input's type (<see cref="AgentAttribute.InputType"/>).</typeparam>
public interface IAgentWithInput<TInput> : IAgent
{
    /// <summary>Renders an input as the user message the model sees: JSON, or the agent's <see cref="InputTemplateAttribute"/> method.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The message text.</returns>
    string FormatInput(TInput input);

    /// <summary>Reads an input from JSON (a manager's tool call, the previous stage's answer), reporting every error with its path.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="input">The value, when valid.</param>
    /// <param name="errors">The errors, when not.</param>
    /// <returns>Whether the JSON was a valid input.</returns>
    bool TryReadInput(ReadOnlySpan<byte> utf8Json, out TInput input, out IReadOnlyList<ToolError> errors);
}

/// <summary>An agent with a typed input and a typed answer: the unit that managers and compositions connect.</summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public interface IAgent<TInput, TOutput> : IAgent<TOutput>, IAgentWithInput<TInput>
{
}
