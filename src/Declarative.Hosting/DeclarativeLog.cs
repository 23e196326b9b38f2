using Microsoft.Extensions.Logging;

namespace Declarative.Hosting;

/// <summary>The logging categories and the source-generated log events.</summary>
public static partial class DeclarativeLog
{
    /// <summary>Runs: start, finish (status, iterations, tokens, cost, duration), failures.</summary>
    public const string RunsCategory = "Declarative.Runs";

    /// <summary>Tool calls: tool, duration, outcome; arguments and results only with content on.</summary>
    public const string ToolsCategory = "Declarative.Tools";

    /// <summary>Approvals: each request and its decision.</summary>
    public const string ApprovalsCategory = "Declarative.Approvals";

    [LoggerMessage(1000, LogLevel.Information, "Agent {AgentName} run {RunId} started")]
    internal static partial void RunStarted(ILogger logger, string agentName, string runId);

    [LoggerMessage(1001, LogLevel.Information, "Agent {AgentName} run {RunId} started with input {Input}")]
    internal static partial void RunStartedWithContent(ILogger logger, string agentName, string runId, string input);

    [LoggerMessage(1002, LogLevel.Information,
        "Agent {AgentName} run {RunId} finished {Status} after {Iterations} iterations in {DurationMs} ms; tokens {InputTokens} in, {OutputTokens} out; cost {Cost}")]
    internal static partial void RunFinished(ILogger logger, string agentName, string runId, AgentRunStatus status, int iterations, double durationMs,
                                             long inputTokens, long outputTokens, decimal? cost);

    [LoggerMessage(1003, LogLevel.Warning,
        "Agent {AgentName} run {RunId} ended {Status} after {Iterations} iterations in {DurationMs} ms: {Reason}; tokens {InputTokens} in, {OutputTokens} out; cost {Cost}")]
    internal static partial void RunEndedEarly(ILogger logger, string agentName, string runId, AgentRunStatus status, int iterations, double durationMs,
                                               string? reason, long inputTokens, long outputTokens, decimal? cost);

    [LoggerMessage(1004, LogLevel.Information, "Agent {AgentName} run {RunId} answered {Answer}")]
    internal static partial void RunAnswer(ILogger logger, string agentName, string runId, string? answer);

    [LoggerMessage(1005, LogLevel.Information, "Agent {AgentName} run {RunId} was cancelled after {DurationMs} ms")]
    internal static partial void RunCancelled(ILogger logger, string agentName, string runId, double durationMs);

    [LoggerMessage(1006, LogLevel.Error, "Agent {AgentName} run {RunId} failed after {DurationMs} ms")]
    internal static partial void RunFailed(ILogger logger, Exception exception, string agentName, string runId, double durationMs);

    [LoggerMessage(1007, LogLevel.Warning, "Agent {AgentName} run {RunId}: the model named tool {ToolName}, which the agent does not have; refused")]
    internal static partial void ToolRefused(ILogger logger, string agentName, string runId, string toolName);

    [LoggerMessage(2000, LogLevel.Information, "Tool {ToolName} of agent {AgentName} succeeded in {DurationMs} ms")]
    internal static partial void ToolSucceeded(ILogger logger, string toolName, string agentName, double durationMs);

    [LoggerMessage(2001, LogLevel.Warning, "Tool {ToolName} of agent {AgentName} failed in {DurationMs} ms with {ErrorCount} errors at {ErrorPaths}")]
    internal static partial void ToolFailed(ILogger logger, string toolName, string agentName, double durationMs, int errorCount, string errorPaths);

    [LoggerMessage(2002, LogLevel.Information, "Tool {ToolName} of agent {AgentName} succeeded in {DurationMs} ms; arguments {Arguments}; result {Result}")]
    internal static partial void ToolSucceededWithContent(ILogger logger, string toolName, string agentName, double durationMs, string arguments, string result);

    [LoggerMessage(2003, LogLevel.Warning, "Tool {ToolName} of agent {AgentName} failed in {DurationMs} ms; arguments {Arguments}; errors {Errors}")]
    internal static partial void ToolFailedWithContent(ILogger logger, string toolName, string agentName, double durationMs, string arguments, string errors);

    [LoggerMessage(2004, LogLevel.Warning, "Tool {ToolName} of agent {AgentName} was cancelled after {DurationMs} ms")]
    internal static partial void ToolCancelled(ILogger logger, string toolName, string agentName, double durationMs);

    [LoggerMessage(3000, LogLevel.Information, "Approval requested for tool {ToolName} of agent {AgentName}, call {CallId}")]
    internal static partial void ApprovalRequested(ILogger logger, string toolName, string agentName, string callId);

    [LoggerMessage(3001, LogLevel.Information, "Approval requested for tool {ToolName} of agent {AgentName}, call {CallId}; arguments {Arguments}")]
    internal static partial void ApprovalRequestedWithContent(ILogger logger, string toolName, string agentName, string callId, string arguments);

    [LoggerMessage(3002, LogLevel.Information, "Approval for tool {ToolName} of agent {AgentName}, call {CallId}: {Decision} after {DurationMs} ms ({Reason})")]
    internal static partial void ApprovalDecided(ILogger logger, string toolName, string agentName, string callId, string decision, double durationMs, string? reason);

    [LoggerMessage(3003, LogLevel.Warning, "No approval handler is configured: tool {ToolName} of agent {AgentName}, call {CallId}, was denied")]
    internal static partial void ApprovalMissingHandler(ILogger logger, string toolName, string agentName, string callId);

    [LoggerMessage(3004, LogLevel.Error, "The approval handler failed for tool {ToolName} of agent {AgentName}, call {CallId}")]
    internal static partial void ApprovalFailed(ILogger logger, Exception exception, string toolName, string agentName, string callId);
}
