using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>Thrown by <see cref="TraceAssert"/> when a run's trace does not show what was expected.</summary>
/// <param name="message">What was expected and what the trace shows.</param>
public sealed class TraceAssertionException(string message) : Exception(message);

/// <summary>
/// Assertions over an agent run's <see cref="RunTrace"/>, independent of the test framework
/// (they throw <see cref="TraceAssertionException"/>, which every framework reports as a failure).
/// </summary>
/// <example>
/// <code>
/// var result = await runner.RunAsync(agent, "Any round sunglasses under $100?");
/// TraceAssert.Completed(result);
/// TraceAssert.EveryCallAnsweredOnce(result);
/// TraceAssert.CalledInOrder(result.Trace, "get_item_descriptions", "check_inventory");
/// TraceAssert.NeverCalled(result.Trace, "process_return");
/// </code>
/// </example>
public static class TraceAssert
{
    /// <summary>The run completed (not stopped by a limit, an error or invalid output).</summary>
    /// <param name="result">The run's result.</param>
    public static void Completed(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != AgentRunStatus.Completed)
        {
            throw new TraceAssertionException($"Expected the run to complete, but it ended with {result.Status}: {result.Reason}");
        }
    }

    /// <summary>
    /// Every tool call the model asked for has exactly one result, in the conversation and in the trace,
    /// and no result answers a call that was never made.
    /// </summary>
    /// <param name="result">The run's result.</param>
    public static void EveryCallAnsweredOnce(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var calls = result.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        var answers = result.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(c => c.CallId).ToList();
        var traced = result.Trace.ToolCalls.Select(c => c.CallId).ToList();
        foreach (var id in calls.Distinct())
        {
            var count = answers.Count(a => a == id);
            if (count != 1)
            {
                throw new TraceAssertionException($"Call '{id}' has {count} results in the conversation; expected exactly one.");
            }
            if (traced.Count(t => t == id) != 1)
            {
                throw new TraceAssertionException($"Call '{id}' appears {traced.Count(t => t == id)} times in the trace; expected exactly once.");
            }
        }
        var orphan = answers.Concat(traced).FirstOrDefault(a => !calls.Contains(a));
        if (orphan is not null)
        {
            throw new TraceAssertionException($"A result answers call '{orphan}', which the model never made.");
        }
    }

    /// <summary>The tools were called in this order (other calls may come between them).</summary>
    /// <param name="trace">The run's trace.</param>
    /// <param name="toolNames">The expected order.</param>
    public static void CalledInOrder(RunTrace trace, params string[] toolNames)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(toolNames);
        var called = trace.ToolCalls.Select(c => c.ToolName).ToList();
        var position = 0;
        foreach (var name in toolNames)
        {
            var found = called.FindIndex(position, c => c == name);
            if (found < 0)
            {
                throw new TraceAssertionException($"Expected calls in the order [{string.Join(", ", toolNames)}], but the trace has [{string.Join(", ", called)}].");
            }
            position = found + 1;
        }
    }

    /// <summary>The tool was never run (a refused or denied call does not count as run).</summary>
    /// <param name="trace">The run's trace.</param>
    /// <param name="toolName">The tool.</param>
    public static void NeverCalled(RunTrace trace, string toolName)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var ran = trace.ToolCalls.Where(c => c.ToolName == toolName && c.Outcome is ToolCallOutcome.Succeeded or ToolCallOutcome.Failed or ToolCallOutcome.TimedOut).ToList();
        if (ran.Count > 0)
        {
            throw new TraceAssertionException($"Expected '{toolName}' never to run, but it ran {ran.Count} time(s): call {ran[0].CallId} with {ran[0].Arguments}.");
        }
    }

    /// <summary>No tool call failed, was refused, denied or timed out.</summary>
    /// <param name="trace">The run's trace.</param>
    public static void NoToolErrors(RunTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var failed = trace.ToolCalls.FirstOrDefault(c => c.IsError);
        if (failed is not null)
        {
            throw new TraceAssertionException($"Tool call {failed.CallId} to '{failed.ToolName}' ended {failed.Outcome}: {string.Join("; ", failed.Errors)}");
        }
    }

    /// <summary>The run used at most this many tokens.</summary>
    /// <param name="trace">The run's trace.</param>
    /// <param name="maxTotalTokens">The most input plus output tokens allowed.</param>
    public static void TokensAtMost(RunTrace trace, long maxTotalTokens)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Usage.TotalTokens > maxTotalTokens)
        {
            throw new TraceAssertionException($"Expected at most {maxTotalTokens} tokens, but the run used {trace.Usage.TotalTokens}.");
        }
    }
}
