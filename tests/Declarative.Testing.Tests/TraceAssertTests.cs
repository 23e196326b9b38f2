using Xunit;

namespace Declarative.Testing.Tests;

public sealed class TraceAssertTests
{
    [Fact]
    public async Task Trace_assertions_pass_on_a_matching_run_and_fail_with_a_clear_message_otherwise()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 2 }))
            .ThenToolCalls(("lookup", new { key = "k" }), ("fail", new { reason = "x" }))
            .ThenText("done").WithUsage(10, 5);
        var result = await Runner(client).RunAsync(new TraceProbeAgent(new TraceProbeTools()), "go");

        TraceAssert.Completed(result);
        TraceAssert.EveryCallAnsweredOnce(result);
        TraceAssert.CalledInOrder(result.Trace, "add", "fail");
        TraceAssert.NeverCalled(result.Trace, "write");
        TraceAssert.TokensAtMost(result.Trace, 15);

        Assert.Contains("[add, lookup, fail]", Assert.Throws<TraceAssertionException>(() => TraceAssert.CalledInOrder(result.Trace, "fail", "add")).Message, StringComparison.Ordinal);
        Assert.Contains("'add' never to run", Assert.Throws<TraceAssertionException>(() => TraceAssert.NeverCalled(result.Trace, "add")).Message, StringComparison.Ordinal);
        Assert.Contains("'fail' ended Failed", Assert.Throws<TraceAssertionException>(() => TraceAssert.NoToolErrors(result.Trace)).Message, StringComparison.Ordinal);
        Assert.Throws<TraceAssertionException>(() => TraceAssert.TokensAtMost(result.Trace, 14));
    }

    [Fact]
    public async Task A_refused_call_does_not_count_as_called()
    {
        var client = new ScriptedChatClient().ThenToolCalls(("delete_all", new { })).ThenText("no");
        var result = await Runner(client).RunAsync(new TraceProbeAgent(new TraceProbeTools()), "go");
        TraceAssert.NeverCalled(result.Trace, "delete_all");
        var failure = Assert.Throws<TraceAssertionException>(() => TraceAssert.Completed(
            new AgentRunResult(AgentRunStatus.MaxIterationsReached, "limit", null, result.Messages, result.Trace)));
        Assert.Contains("MaxIterationsReached", failure.Message, StringComparison.Ordinal);
    }

    private static AgentRunner Runner(ScriptedChatClient client) => new(new ModelRegistry(client));
}
