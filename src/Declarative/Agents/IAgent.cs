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
