namespace Declarative.Tests.ToolSets;

/// <summary>Return kinds (void, Task, ValueTask, Task&lt;T&gt;...), cancellation and failures.</summary>
public partial class LifecycleTools
{
    public int ResetCount { get; private set; }

    public CancellationToken LastToken { get; private set; }

    [Tool(Description = "Resets the counter (returns nothing).")]
    public void Reset() => ResetCount++;

    [Tool(Description = "Clears asynchronously (returns a Task).")]
    public async Task ClearAsync()
    {
        await Task.Yield();
        ResetCount = 0;
    }

    [Tool(Description = "Does nothing, as a ValueTask.")]
    public ValueTask PingAsync() => ValueTask.CompletedTask;

    [Tool(Description = "Gets an order asynchronously.")]
    public async Task<Order> GetOrderAsync(string id, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return new Order
        {
            Id = id,
            CustomerEmail = "ada@example.com",
            Items = [new LineItem("AB-1", 2, 1.25m)],
            Priority = Priority.High,
            Notes = new() { ["gift"] = "yes" },
        };
    }

    [Tool(Description = "Lists line items, as a ValueTask.")]
    public ValueTask<List<LineItem>> ListItemsAsync(int count)
        => ValueTask.FromResult(Enumerable.Range(1, count).Select(i => new LineItem("SKU-" + i, i, i * 0.5m)).ToList());

    [Tool(Description = "Always fails.")]
    public int Explode(string reason) => throw new InvalidOperationException("boom: " + reason);

    [Tool(Description = "Fails asynchronously.")]
    public async Task<int> ExplodeLaterAsync()
    {
        await Task.Yield();
        throw new ArgumentException("bad state");
    }

    [Tool(Description = "Waits, honouring cancellation.")]
    public async Task<string> WaitAsync(int milliseconds, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        await Task.Delay(milliseconds, cancellationToken);
        return "waited";
    }

    [Tool(Description = "Records the token it was given.")]
    public bool CaptureToken(CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        return cancellationToken.CanBeCanceled;
    }

    [Tool(Description = "Gives up on its own, without the caller cancelling.")]
    public int TimeOut() => throw new OperationCanceledException("the backend timed out");
}
