using Declarative.Testing;
using Xunit;

namespace Declarative.Agents.Tests;

internal static class Support
{
    /// <summary>Every call id the model asked for has exactly one result message, and no result lacks a call.</summary>
    public static void AssertCallsPaired(AgentRunResult result)
    {
        var calls = result.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionCallContent>().Select(c => c.CallId).ToList();
        var results = result.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Select(c => c.CallId).ToList();
        Assert.Equal(calls.Order(), results.Order());
        Assert.Equal(calls.Count, calls.Distinct().Count());
        var traced = result.Trace.ToolCalls.Select(t => t.CallId).ToList();
        Assert.Equal(calls.Order(), traced.Order());
    }

    public static AgentRunner Runner(ScriptedChatClient client, AgentRunOptions? options = null)
        => new(new ModelRegistry(client), options);
}

/// <summary>Tests that measure time run alone, after the parallel ones, so other tests in this process do not stretch them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
