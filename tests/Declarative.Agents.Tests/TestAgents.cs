using System.Collections.Concurrent;
using Declarative;

namespace Declarative.Agents.Tests;

/// <summary>Tools whose timing and side effects the tests observe.</summary>
public sealed partial class ProbeTools
{
    private int _running;

    /// <summary>Every start and end of a side-effecting call, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>The most side-effecting calls seen running at once.</summary>
    public int MaxConcurrentWrites { get; private set; }

    /// <summary>Set when a read-only lookup finishes (approval tests wait on it).</summary>
    public TaskCompletionSource LookupFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tokens the tools were given, to check cancellation reached them.</summary>
    public ConcurrentBag<CancellationToken> Tokens { get; } = [];

    public List<string> Refunds { get; } = [];

    [Tool(ReadOnly = true, Description = "Looks a key up; takes 200 ms.")]
    public async Task<string> Lookup(string key, CancellationToken cancellationToken)
    {
        await Task.Delay(200, cancellationToken);
        LookupFinished.TrySetResult();
        return "value of " + key;
    }

    [Tool(Description = "Writes a key; has side effects.")]
    public async Task<string> Write(string key, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _running);
        MaxConcurrentWrites = Math.Max(MaxConcurrentWrites, now);
        Log.Enqueue("start " + key);
        await Task.Delay(30, cancellationToken);
        Log.Enqueue("end " + key);
        Interlocked.Decrement(ref _running);
        return "wrote " + key;
    }

    [Tool(RequiresApproval = true, Description = "Refunds an order.")]
    public string Refund(string orderId)
    {
        lock (Refunds)
        {
            Refunds.Add(orderId);
        }
        return "refunded " + orderId;
    }

    [Tool(Description = "Never finishes unless cancelled.")]
    public async Task<string> Hang(CancellationToken cancellationToken)
    {
        Tokens.Add(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "unreachable";
    }

    [Tool(ReadOnly = true, Description = "Adds two numbers.")]
    public int Add(int a, int b) => a + b;

    [Tool(Description = "Always fails.")]
    public string Fail(string reason) => throw new InvalidOperationException("boom: " + reason);
}

/// <summary>Tools outside every test agent's scope.</summary>
public sealed partial class AdminTools
{
    [Tool(Description = "Deletes everything.")]
    public string DeleteAll() => "deleted";
}

[Agent("You are a test agent.", Model = "small")]
public sealed partial class ProbeAgent([UseTools] ProbeTools tools);

public sealed record Verdict(bool Approved, string Reason, List<string> Tags);

[Agent("Decide.", OutputType = typeof(Verdict))]
public sealed partial class VerdictAgent;
