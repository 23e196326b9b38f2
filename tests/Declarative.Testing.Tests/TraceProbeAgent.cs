namespace Declarative.Testing.Tests;

// A small agent for the TraceAssert tests: real runs, so the assertions are checked against traces the runner
// writes. Its tools are those of Declarative.Agents.Tests' ProbeTools that the tests call.

/// <summary>Tools the trace assertions look for in a run's trace.</summary>
public sealed partial class TraceProbeTools
{
    /// <summary>Looks a key up; takes 200 ms, so that it finishes after a call the model asked for later.</summary>
    /// <param name="key">The key to look up.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    [Tool(ReadOnly = true)]
    public async Task<string> Lookup(string key, CancellationToken cancellationToken)
    {
        await Task.Delay(200, cancellationToken);
        return "value of " + key;
    }

    /// <summary>Writes a key; has side effects.</summary>
    /// <param name="key">The key to write.</param>
    [Tool]
    public string Write(string key) => "wrote " + key;

    /// <summary>Adds two numbers.</summary>
    /// <param name="a">The first number.</param>
    /// <param name="b">The second number.</param>
    [Tool(ReadOnly = true)]
    public int Add(int a, int b) => a + b;

    /// <summary>Always fails.</summary>
    /// <param name="reason">Put into the failure's message.</param>
    [Tool]
    public string Fail(string reason) => throw new InvalidOperationException("boom: " + reason);
}

/// <summary>The agent of the TraceAssert tests; <c>delete_all</c> is outside its scope.</summary>
[Agent("You are a test agent.", Model = "small")]
public sealed partial class TraceProbeAgent([UseTools] TraceProbeTools tools);
