namespace Declarative.Planning;

/// <summary>When approval-required tools in a plan are approved.</summary>
public enum PlanApprovalMode
{
    /// <summary>Each call is approved just before it runs, by <see cref="PlanExecutionOptions.ApprovalHandler"/>.</summary>
    PerCall,

    /// <summary>
    /// The whole plan is reviewed once before anything runs, by <see cref="PlanExecutionOptions.PlanApprovalHandler"/>;
    /// once approved, its calls run without asking again.
    /// </summary>
    WholePlan,
}
