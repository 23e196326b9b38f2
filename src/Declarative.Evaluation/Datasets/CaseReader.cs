using System.Text.Json;

namespace Declarative.Evaluation;

/// <summary>Reads a value from JSON, reporting every error with its JSON path (the shape of the generated readers).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="utf8Json">The JSON.</param>
/// <param name="value">The value, when valid.</param>
/// <param name="errors">The errors, when not; each path starts at <c>$</c>, the value's root.</param>
/// <returns>Whether the JSON was valid.</returns>
public delegate bool ValueReader<T>(ReadOnlySpan<byte> utf8Json, out T value, out IReadOnlyList<ToolError> errors);

/// <summary>How a dataset's <c>input</c> and <c>expected</c> values are read: usually the agent's own generated readers.</summary>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The expected answer's type.</typeparam>
public sealed class CaseReader<TInput, TOutput>
{
    /// <summary>Creates a reader from two value readers.</summary>
    /// <param name="input">Reads a case's <c>input</c>.</param>
    /// <param name="expected">Reads a case's <c>expected</c>.</param>
    public CaseReader(ValueReader<TInput> input, ValueReader<TOutput> expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(expected);
        Input = input;
        Expected = expected;
    }

    /// <summary>Reads a case's input.</summary>
    public ValueReader<TInput> Input { get; }

    /// <summary>Reads a case's expected answer.</summary>
    public ValueReader<TOutput> Expected { get; }
}

/// <summary>Case readers for agents: their generated input and output readers, or JSON strings for text.</summary>
public static class CaseReader
{
    /// <summary>Reads inputs and expected answers with a typed agent's generated readers.</summary>
    /// <param name="agent">The agent.</param>
    public static CaseReader<TInput, TOutput> For<TInput, TOutput>(IAgent<TInput, TOutput> agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new CaseReader<TInput, TOutput>(agent.TryReadInput, agent.TryReadOutput);
    }

    /// <summary>Reads inputs as JSON strings (the user's message) and expected answers with the agent's generated output reader.</summary>
    /// <param name="agent">The agent.</param>
    public static CaseReader<string, TOutput> For<TOutput>(IAgent<TOutput> agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new CaseReader<string, TOutput>(ReadString, agent.TryReadOutput);
    }

    /// <summary>Reads inputs and expected answers as JSON strings: for agents that take and give text.</summary>
    public static CaseReader<string, string> Text { get; } = new(ReadString, ReadString);

    /// <summary>Reads a JSON string.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="value">The string.</param>
    /// <param name="errors">"expected a string" at <c>$</c>, when it is not one.</param>
    public static bool ReadString(ReadOnlySpan<byte> utf8Json, out string value, out IReadOnlyList<ToolError> errors)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            errors = [];
            return true;
        }
        value = "";
        errors = [new ToolError("$", "expected a string")];
        return false;
    }
}
