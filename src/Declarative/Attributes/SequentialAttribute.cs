namespace Declarative;

/// <summary>
/// Declares a sequential pipeline on a <c>partial</c> class: its <see cref="UseAgentAttribute"/> members are
/// the stages, in declaration order; each stage is given the previous stage's answer. The generator checks
/// at build time that every stage can take what the one before it hands on (naming both types and the first
/// property that differs when it cannot) and makes the class an
/// <see cref="Orchestration.IComposition{TInput, TOutput}"/>.
/// </summary>
/// <example>
/// <code>
/// [Sequential]
/// public partial class BrochurePipeline([UseAgent] Researcher researcher, [UseAgent] Designer designer, [UseAgent] Writer writer);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequentialAttribute : Attribute
{
    /// <summary>The composition's name (in traces and spans); the class name when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>What the composition does.</summary>
    public string? Description { get; init; }
}
