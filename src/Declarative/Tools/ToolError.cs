namespace Declarative;

/// <summary>One problem with a tool call, addressed by the JSON path of the value it concerns.</summary>
/// <param name="path">A JSON path such as <c>$.items[2].quantity</c>; <c>$</c> for the whole call.</param>
/// <param name="message">What is wrong, written for the model to act on.</param>
public sealed class ToolError(string path, string message) : IEquatable<ToolError>
{
    /// <summary>The JSON path of the offending value (<c>$</c> for the arguments as a whole).</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>What is wrong, written for the model to act on.</summary>
    public string Message { get; } = message ?? throw new ArgumentNullException(nameof(message));

    /// <summary>Formats the error as <c>path: message</c>.</summary>
    public override string ToString() => Path + ": " + Message;

    /// <inheritdoc/>
    public bool Equals(ToolError? other) => other is not null && Path == other.Path && Message == other.Message;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ToolError);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Path, Message);
}
