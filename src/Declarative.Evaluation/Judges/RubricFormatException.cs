namespace Declarative.Evaluation;

/// <summary>One problem in a rubric file.</summary>
/// <param name="Source">The file's name.</param>
/// <param name="Line">The line, from 1.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RubricError(string Source, int Line, string Message)
{
    /// <summary><c>support.rubric:3: "…" repeats the criterion of line 1</c>.</summary>
    public override string ToString() => $"{Source}:{Line}: {Message}";
}

/// <summary>A rubric file that is not valid: every error, each with its line.</summary>
public sealed class RubricFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The errors.</param>
    public RubricFormatException(IReadOnlyList<RubricError> errors)
        : base("The rubric is not valid:\n" + string.Join('\n', (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<RubricError> Errors { get; }
}
