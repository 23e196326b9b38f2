namespace Declarative.Orchestration;

/// <summary>The branches' answers, in the branches' order, handed to a parallel composition's join.</summary>
public sealed class ParallelOutputs
{
    private readonly object?[] _outputs;
    private readonly string[] _names;

    internal ParallelOutputs(string[] names, object?[] outputs)
    {
        _names = names;
        _outputs = outputs;
    }

    /// <summary>How many branches.</summary>
    public int Count => _outputs.Length;

    /// <summary>The name of the branch at <paramref name="index"/>.</summary>
    /// <param name="index">The branch's position.</param>
    public string NameAt(int index) => _names[index];

    /// <summary>The answer of the branch at <paramref name="index"/> (a <see cref="string"/> for a text answer).</summary>
    /// <typeparam name="T">The branch's answer type.</typeparam>
    /// <param name="index">The branch's position.</param>
    /// <exception cref="InvalidCastException">The branch answers with another type.</exception>
    public T Get<T>(int index) => _outputs[index] is T value
        ? value
        : throw new InvalidCastException($"branch '{_names[index]}' answered with {_outputs[index]?.GetType().Name ?? "nothing"}, not {typeof(T).Name}");
}
