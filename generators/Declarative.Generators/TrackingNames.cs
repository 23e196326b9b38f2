namespace Declarative.Generators;

/// <summary>Names of the generator's tracked steps, asserted by the incrementality tests.</summary>
public static class TrackingNames
{
    /// <summary>One model per <c>[Tool]</c> method.</summary>
    public const string ToolMethods = nameof(ToolMethods);

    /// <summary>All method models, collected.</summary>
    public const string AllToolMethods = nameof(AllToolMethods);

    /// <summary>One model per class: the input to emission.</summary>
    public const string ToolSets = nameof(ToolSets);

    /// <summary>One model per <c>[Agent]</c> class.</summary>
    public const string Agents = nameof(Agents);

    /// <summary>One model per composition class (<c>[Sequential]</c>, <c>[Parallel]</c>, <c>[HandOff]</c>, <c>[GroupChat]</c>).</summary>
    public const string Compositions = nameof(Compositions);

    /// <summary>One model per <c>[Grader]</c> method.</summary>
    public const string GraderMethods = nameof(GraderMethods);

    /// <summary>All grader method models, collected.</summary>
    public const string AllGraderMethods = nameof(AllGraderMethods);

    /// <summary>One model per class with <c>[Grader]</c> methods: the input to emission.</summary>
    public const string GraderSuites = nameof(GraderSuites);
}
