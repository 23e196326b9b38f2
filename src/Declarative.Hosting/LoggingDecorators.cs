using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Declarative.Hosting;

/// <summary>An agent's tool set that logs each call that reaches it (tool, duration, outcome).</summary>
internal sealed class LoggingToolSet(IToolSet inner, string agentName, ILogger logger, bool includeContent) : IToolSet
{
    // The same list as the inner set, so the runner's per-set caches stay valid.
    public IReadOnlyList<ToolDescriptor> Tools => inner.Tools;

    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        => InvokeAsync(toolName, utf8JsonArguments, ToolInvocationOptions.Default, cancellationToken);

    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options,
                                             CancellationToken cancellationToken = default)
        => logger.IsEnabled(LogLevel.Warning)
            ? InvokeLoggedAsync(toolName, utf8JsonArguments, options, cancellationToken)
            : inner.InvokeAsync(toolName, utf8JsonArguments, options, cancellationToken);

    public IReadOnlyList<ToolError>? ValidateArguments(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options)
        => inner.ValidateArguments(toolName, utf8JsonArguments, options);

    private async ValueTask<ToolResult> InvokeLoggedAsync(string toolName, ReadOnlyMemory<byte> arguments, ToolInvocationOptions options,
                                                          CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ToolResult result;
        try
        {
            result = await inner.InvokeAsync(toolName, arguments, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            DeclarativeLog.ToolCancelled(logger, toolName, agentName, Milliseconds(started));
            throw;
        }
        var ms = Milliseconds(started);
        if (result.IsError)
        {
            if (includeContent)
            {
                DeclarativeLog.ToolFailedWithContent(logger, toolName, agentName, ms, Encoding.UTF8.GetString(arguments.Span), result.ToString());
            }
            else
            {
                DeclarativeLog.ToolFailed(logger, toolName, agentName, ms, result.Errors.Count, string.Join(", ", result.Errors.Select(e => e.Path).Distinct()));
            }
        }
        else if (includeContent)
        {
            DeclarativeLog.ToolSucceededWithContent(logger, toolName, agentName, ms, Encoding.UTF8.GetString(arguments.Span), result.ToString());
        }
        else
        {
            DeclarativeLog.ToolSucceeded(logger, toolName, agentName, ms);
        }
        return result;
    }

    internal static double Milliseconds(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}

/// <summary>An approval handler that logs each request and its decision; with no inner handler, it denies, as the runner would.</summary>
internal sealed class LoggingApprovalHandler(IToolApprovalHandler? inner, ILogger logger, bool includeContent) : IToolApprovalHandler
{
    public async ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (includeContent)
        {
            DeclarativeLog.ApprovalRequestedWithContent(logger, request.Tool.Name, request.AgentName, request.CallId, request.ArgumentsJson);
        }
        else
        {
            DeclarativeLog.ApprovalRequested(logger, request.Tool.Name, request.AgentName, request.CallId);
        }
        if (inner is null)
        {
            DeclarativeLog.ApprovalMissingHandler(logger, request.Tool.Name, request.AgentName, request.CallId);
            return ToolApprovalDecision.Deny("no approval handler is configured");
        }
        var started = Stopwatch.GetTimestamp();
        ToolApprovalDecision decision;
        try
        {
            decision = await inner.DecideAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DeclarativeLog.ApprovalFailed(logger, ex, request.Tool.Name, request.AgentName, request.CallId);
            throw;
        }
        DeclarativeLog.ApprovalDecided(logger, request.Tool.Name, request.AgentName, request.CallId,
            decision.Approved ? "approved" : "denied", LoggingToolSet.Milliseconds(started), decision.Reason);
        return decision;
    }
}

/// <summary>An agent seen through a logging tool set; everything else is the agent's own.</summary>
internal class LoggedAgent(IAgent agent, IToolSet tools) : IAgent
{
    public AgentDescriptor Descriptor => agent.Descriptor;

    public IToolSet Tools => tools;
}

/// <summary>A typed agent seen through a logging tool set.</summary>
internal sealed class LoggedAgent<TOutput>(IAgent<TOutput> agent, IToolSet tools) : LoggedAgent(agent, tools), IAgent<TOutput>
{
    public bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out TOutput output, out IReadOnlyList<ToolError> errors)
        => agent.TryReadOutput(utf8Json, out output, out errors);
}
