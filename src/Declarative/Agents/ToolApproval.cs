using System.Text.Json;

namespace Declarative;

/// <summary>A call waiting for approval: which agent, which tool, with which arguments.</summary>
/// <param name="AgentName">The agent that wants to call.</param>
/// <param name="Tool">The tool's descriptor.</param>
/// <param name="CallId">The model's call id.</param>
/// <param name="ArgumentsJson">The arguments exactly as they will be passed.</param>
public sealed record ToolApprovalRequest(string AgentName, ToolDescriptor Tool, string CallId, string ArgumentsJson)
{
    /// <summary>The arguments parsed (null when they are not valid JSON; the tool would refuse them anyway).</summary>
    public JsonElement? Arguments
    {
        get
        {
            try
            {
                return JsonElement.Parse(ArgumentsJson);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

/// <summary>The decision on one call.</summary>
/// <param name="Approved">Whether the call may run.</param>
/// <param name="Reason">Why; shown to the model when denied.</param>
public sealed record ToolApprovalDecision(bool Approved, string? Reason = null)
{
    /// <summary>Approve.</summary>
    public static ToolApprovalDecision Approve(string? reason = null) => new(true, reason);

    /// <summary>Deny.</summary>
    public static ToolApprovalDecision Deny(string? reason = null) => new(false, reason);
}

/// <summary>Decides whether a call to a <see cref="ToolAttribute.RequiresApproval"/> tool may run: a person, or a policy.</summary>
public interface IToolApprovalHandler
{
    /// <summary>Decides on one call. Other calls of the same turn go on meanwhile.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancelled when the run is.</param>
    ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken);
}

/// <summary>An approval handler from a delegate.</summary>
/// <param name="decide">The decision function.</param>
public sealed class DelegateApprovalHandler(Func<ToolApprovalRequest, CancellationToken, ValueTask<ToolApprovalDecision>> decide) : IToolApprovalHandler
{
    /// <inheritdoc/>
    public ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
        => decide(request, cancellationToken);
}
