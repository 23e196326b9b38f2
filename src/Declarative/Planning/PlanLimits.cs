namespace Declarative.Planning;

/// <summary>Bounds on what a plan may ask for.</summary>
public sealed record PlanLimits
{
    /// <summary>The defaults.</summary>
    public static PlanLimits Default { get; } = new();

    /// <summary>Most steps in one plan. Default 25.</summary>
    public int MaxSteps { get; init; } = 25;

    /// <summary>Most steps that may wait directly on one step. Default 16.</summary>
    public int MaxFanOut { get; init; } = 16;

    /// <summary>Largest plan text, in UTF-8 bytes, checked before parsing. Default 256 KiB.</summary>
    public int MaxPlanBytes { get; init; } = 256 * 1024;
}
