namespace Declarative;

/// <summary>
/// Marks a method of a typed <c>[Agent]</c> class as a check of its answer: external feedback for the
/// reflection loop (<see cref="Reflection.ReflectionRunner"/>). The method takes the candidate answer (the
/// agent's output type), optionally a <see cref="CancellationToken"/>, and returns a
/// <see cref="Reflection.CheckResult"/> (or a <see cref="Task{TResult}"/> / <see cref="ValueTask{TResult}"/> of one).
/// The generator wires every check into the agent, so its whole quality gate is visible in the class.
/// </summary>
/// <example>
/// <code>
/// [Agent("Write a brochure.", OutputType = typeof(Brochure))]
/// public partial class BrochureWriter
/// {
///     [Check]
///     public CheckResult HeadlineFits(Brochure brochure)
///         =&gt; brochure.Headline.Length &lt;= 60 ? CheckResult.Pass() : CheckResult.Fail("The headline is over 60 characters.", new ToolError("$.headline", "too long"));
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CheckAttribute : Attribute
{
    /// <summary>A check named after the method (snake_case).</summary>
    public CheckAttribute()
    {
    }

    /// <summary>A check with an explicit name.</summary>
    /// <param name="name">The name in results, traces and spans.</param>
    public CheckAttribute(string name) => Name = name;

    /// <summary>The explicit name, or <see langword="null"/> to derive it from the method name.</summary>
    public string? Name { get; }

    /// <summary>
    /// Whether the check may run at the same time as the agent's other independent checks. Default
    /// <see langword="true"/>; set <see langword="false"/> for a check that must run alone (it then runs
    /// after the independent ones, in declaration order).
    /// </summary>
    public bool Independent { get; init; } = true;
}

/// <summary>
/// Marks the member (field, property or primary-constructor parameter) of an <c>[Agent]</c> class that
/// holds its critic: another agent whose typed answer is a <see cref="Reflection.RubricVerdict"/>. The
/// reflection loop shows it the task, the candidate and the check results, and sends every failed
/// rubric item back to the producer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class CriticAttribute : Attribute
{
}
