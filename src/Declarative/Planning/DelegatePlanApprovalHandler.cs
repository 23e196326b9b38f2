namespace Declarative.Planning;

/// <summary>A plan approval handler from a delegate.</summary>
/// <param name="decide">The decision function.</param>
public sealed class DelegatePlanApprovalHandler(Func<PlanApprovalRequest, CancellationToken, ValueTask<ToolApprovalDecision>> decide) : IPlanApprovalHandler
{
    /// <inheritdoc/>
    public ValueTask<ToolApprovalDecision> DecideAsync(PlanApprovalRequest request, CancellationToken cancellationToken)
        => decide(request, cancellationToken);
}
