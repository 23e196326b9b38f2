namespace Declarative.Planning;

/// <summary>A plan waiting for approval: the plan, and the steps that need it.</summary>
/// <param name="AgentName">The agent (or caller) that wants to run it.</param>
/// <param name="Plan">The validated plan.</param>
/// <param name="StepsRequiringApproval">The steps whose tools require approval.</param>
public sealed record PlanApprovalRequest(string AgentName, Plan Plan, IReadOnlyList<PlanStep> StepsRequiringApproval);
