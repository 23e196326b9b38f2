namespace Declarative.Evaluation;

/// <summary>
/// A set of graders for one kind of case. The source generator implements it on every <c>partial</c> class
/// with <see cref="GraderAttribute">[Grader]</see> methods (a static class gets a static <c>Graders</c> property instead).
/// </summary>
/// <typeparam name="TInput">The cases' input type.</typeparam>
/// <typeparam name="TOutput">The answers' type.</typeparam>
/// <example>
/// <code>
/// var result = await runner.RunAsync(target, dataset, new RefundGraders().Graders, cancellationToken);
/// </code>
/// </example>
public interface IGraderSuite<TInput, TOutput>
{
    /// <summary>The graders, in the declaration order of their methods; the same list on every read.</summary>
    IReadOnlyList<Grader<TInput, TOutput>> Graders { get; }
}
