using System.Text.Json;
using Declarative;

namespace EvalsSample;

/// <summary>
/// The staff's decision on <c>process_return</c> during the evals, fixed so every run decides the same way: a return of
/// one unit is approved; a larger one is denied, to be looked at by a person. The cases cover both branches.
/// </summary>
internal sealed class ReturnPolicy : IToolApprovalHandler
{
    /// <summary>The most units a return may have to be approved without a person.</summary>
    public const int MaxUnits = 1;

    /// <inheritdoc/>
    public ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quantity = request.Arguments is { ValueKind: JsonValueKind.Object } arguments
            && arguments.TryGetProperty("quantity", out var value) && value.TryGetInt32(out var units) ? units : int.MaxValue;
        return ValueTask.FromResult(quantity <= MaxUnits
            ? ToolApprovalDecision.Approve($"policy: returns of up to {MaxUnits} unit are approved")
            : ToolApprovalDecision.Deny($"policy: returns of more than {MaxUnits} unit need a member of staff"));
    }
}
