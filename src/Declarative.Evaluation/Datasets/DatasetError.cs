namespace Declarative.Evaluation;

/// <summary>One fault in a dataset: where (file, line, JSON path within the line) and what.</summary>
/// <param name="Source">The dataset's file or name.</param>
/// <param name="Line">The line, from 1.</param>
/// <param name="Path">The JSON path within the line's case (<c>$.input.items[0].quantity</c>).</param>
/// <param name="Message">What is wrong.</param>
public sealed record DatasetError(string Source, int Line, string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Source}:{Line}: {Path}: {Message}";
}

/// <summary>A dataset that cannot be read: every fault, each with its line and path, found before anything ran.</summary>
public sealed class EvalDatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The faults (at least one).</param>
    public EvalDatasetException(IReadOnlyList<DatasetError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>The faults, in file order.</summary>
    public IReadOnlyList<DatasetError> Errors { get; }

    private static string Describe(IReadOnlyList<DatasetError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const int shown = 20;
        var lines = errors.Take(shown).Select(e => "  " + e);
        var more = errors.Count > shown ? $"{Environment.NewLine}  … and {errors.Count - shown} more" : "";
        return $"The dataset has {errors.Count} {(errors.Count == 1 ? "error" : "errors")}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
