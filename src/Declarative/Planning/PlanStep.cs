using System.Text.Json;

namespace Declarative.Planning;

/// <summary>One step of a validated <see cref="Plan"/>: a call of one tool.</summary>
public sealed class PlanStep
{
    internal PlanStep(int index, string id, string tool, JsonElement arguments, IReadOnlyList<string> dependsOn,
                      string? description, IReadOnlyList<PlanReference> references)
    {
        Index = index;
        Id = id;
        Tool = tool;
        Arguments = arguments;
        DependsOn = dependsOn;
        Description = description;
        References = references;
        var dependencies = new List<string>();
        foreach (var id2 in references.Select(r => r.StepId).Concat(dependsOn))
        {
            if (!dependencies.Contains(id2, StringComparer.Ordinal))
            {
                dependencies.Add(id2);
            }
        }
        Dependencies = dependencies;
    }

    /// <summary>The step's position in the plan, from 0.</summary>
    public int Index { get; }

    /// <summary>Its id, unique in the plan.</summary>
    public string Id { get; }

    /// <summary>The tool it calls.</summary>
    public string Tool { get; }

    /// <summary>The arguments as written, references included.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Steps it must wait for without taking data from them.</summary>
    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>What the step is for, in the model's words.</summary>
    public string? Description { get; }

    /// <summary>The references in its arguments, in document order.</summary>
    public IReadOnlyList<PlanReference> References { get; }

    /// <summary>Every step it waits for: those it references, then those in <see cref="DependsOn"/>, each once.</summary>
    public IReadOnlyList<string> Dependencies { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Id}: {Tool}({Arguments.GetRawText()})" + (Dependencies.Count == 0 ? "" : " after " + string.Join(", ", Dependencies));
}
