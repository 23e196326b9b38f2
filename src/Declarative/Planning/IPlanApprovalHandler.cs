namespace Declarative.Planning;

/// <summary>Decides whether a whole plan may run: a person reviewing it once, or a policy.</summary>
public interface IPlanApprovalHandler
{
    /// <summary>Decides on the plan.</summary>
    /// <param name="request">The plan and its approval-required steps.</param>
    /// <param name="cancellationToken">Cancelled when the run is.</param>
    ValueTask<ToolApprovalDecision> DecideAsync(PlanApprovalRequest request, CancellationToken cancellationToken);
}
