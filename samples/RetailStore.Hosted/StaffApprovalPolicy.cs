using Declarative;

namespace RetailStore.Hosted;

/// <summary>
/// The shop's approval policy for <c>process_return</c>, registered in the container: returns of up to
/// <c>RetailStore:MaxAutoApprovedUnits</c> units are approved automatically; larger ones are denied, to be
/// handled by a person. (A real shop might queue them for staff instead.)
/// </summary>
internal sealed class StaffApprovalPolicy(IConfiguration configuration) : IToolApprovalHandler
{
    public ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        var limit = int.TryParse(configuration["RetailStore:MaxAutoApprovedUnits"], out var units) ? units : 0;
        var quantity = request.Arguments is { } args && args.TryGetProperty("quantity", out var q) && q.TryGetInt32(out var n) ? n : int.MaxValue;
        return ValueTask.FromResult(quantity <= limit
            ? ToolApprovalDecision.Approve($"policy: returns of up to {limit} unit(s) are approved automatically")
            : ToolApprovalDecision.Deny($"policy: returns of more than {limit} unit(s) need a member of staff"));
    }
}
