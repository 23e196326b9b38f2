using Declarative.Planning;

namespace Declarative;

/// <summary>
/// The one place a run asks for approval, for the agent loop's calls, plan steps and whole plans alike:
/// with no handler configured the answer is a denial (a gated tool never runs by default), and the
/// handler's decision is passed on as given.
/// </summary>
internal static class Approvals
{
    /// <summary>The reason given when nobody was asked.</summary>
    public const string NoHandler = "no approval handler is configured";

    /// <summary>The reason given when a whole plan needed review and nobody was asked.</summary>
    public const string NoPlanHandler = "no plan approval handler is configured";

    /// <summary>Asks <paramref name="handler"/> about one call; denies when there is none.</summary>
    public static ValueTask<ToolApprovalDecision> DecideAsync(IToolApprovalHandler? handler, ToolApprovalRequest request, CancellationToken cancellationToken)
        => handler is null ? ValueTask.FromResult(ToolApprovalDecision.Deny(NoHandler)) : Prompt(handler.DecideAsync(request, cancellationToken), cancellationToken);

    /// <summary>Asks <paramref name="handler"/> about a whole plan; denies when there is none.</summary>
    public static ValueTask<ToolApprovalDecision> DecideAsync(IPlanApprovalHandler? handler, PlanApprovalRequest request, CancellationToken cancellationToken)
        => handler is null ? ValueTask.FromResult(ToolApprovalDecision.Deny(NoPlanHandler)) : Prompt(handler.DecideAsync(request, cancellationToken), cancellationToken);

    // A handler that ignores its token (a person who never answers) still cannot hold a cancelled run.
    private static ValueTask<ToolApprovalDecision> Prompt(ValueTask<ToolApprovalDecision> pending, CancellationToken cancellationToken)
        => pending.IsCompleted || !cancellationToken.CanBeCanceled ? pending : new(pending.AsTask().WaitAsync(cancellationToken));
}
