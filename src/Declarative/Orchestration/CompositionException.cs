namespace Declarative.Orchestration;

/// <summary>
/// A composition built at run time that the generator would have rejected at build time: the message is the
/// diagnostic's, and <see cref="DiagnosticId"/> names it (<c>DCLnnnn</c>, with a docs page). Thrown when the
/// composition is built, never in the middle of a run.
/// </summary>
public sealed class CompositionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnosticId">The id of the build-time diagnostic that reports the same mistake.</param>
    /// <param name="message">What is wrong, naming the agents and types involved.</param>
    public CompositionException(string diagnosticId, string message) : base(message) => DiagnosticId = diagnosticId;

    /// <summary>The id of the build-time diagnostic that reports the same mistake (<c>DCLnnnn</c>).</summary>
    public string DiagnosticId { get; }
}
