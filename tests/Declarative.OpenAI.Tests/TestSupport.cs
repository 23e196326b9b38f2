using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Declarative.OpenAI.Tests;

internal sealed class TestFunction(string name, string? description, string schema, IReadOnlyDictionary<string, object?>? additionalProperties = null)
    : AIFunctionDeclaration
{
    public override string Name => name;

    public override string Description => description ?? "";

    public override JsonElement JsonSchema { get; } = JsonElement.Parse(schema);

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => additionalProperties ?? new Dictionary<string, object?>();
}

internal static class TestSupport
{
    public static OpenAIChatClient Client(FakeChatServer server, Action<OpenAIChatClientOptions>? configure = null)
    {
        var options = new OpenAIChatClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-test",
            Model = "test-model",
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new OpenAIChatClient(options);
    }

    /// <summary>
    /// How long a test waits in real time for something that should happen at once before it fails; only a broken
    /// client ever reaches it, so it can be generous.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Waits (in real time, at most <see cref="Patience"/>) until <paramref name="condition"/> holds.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still waiting after {Patience.TotalSeconds} s for {what}.");
            }
            await Task.Delay(5);
        }
    }

    /// <summary>Asserts two JSON texts are the same document (property order and whitespace aside).</summary>
    public static void JsonEqual(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(e, a))
        {
            var options = new JsonSerializerOptions { WriteIndented = true };
            Assert.Fail($"JSON differs.\nExpected:\n{e?.ToJsonString(options)}\nActual:\n{a?.ToJsonString(options)}");
        }
    }

    public static void JsonEqual(string expected, JsonElement actual) => JsonEqual(expected, actual.GetRawText());
}

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers are pending on it (started, neither fired nor
/// disposed), so a test can wait until the client is waiting, check for how long, and then advance the clock.
/// </summary>
internal sealed class ObservedClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ObservedTimer> _pending = [];
    private readonly List<TimeSpan> _started = [];

    /// <summary>The due time of every timer started so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Started
    {
        get
        {
            lock (_gate)
            {
                return [.. _started];
            }
        }
    }

    /// <summary>The due times of the timers now pending.</summary>
    public IReadOnlyList<TimeSpan> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending.Select(t => t.Due)];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var observed = new ObservedTimer(this, dueTime);
        lock (_gate)
        {
            _started.Add(dueTime);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _pending.Add(observed);
            }
        }
        observed.Inner = base.CreateTimer(
            s =>
            {
                Forget(observed);
                callback(s);
            },
            state,
            dueTime,
            period);
        return observed;
    }

    /// <summary>Waits until a timer due after exactly <paramref name="due"/> is pending.</summary>
    public Task WaitForPendingAsync(TimeSpan due) => TestSupport.Eventually(() => Pending.Contains(due), $"a pending timer of {due}");

    private void Forget(ObservedTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    private sealed class ObservedTimer(ObservedClock clock, TimeSpan due) : ITimer
    {
        public TimeSpan Due { get; } = due;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Forget(this);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Forget(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Forget(this);
            return Inner.DisposeAsync();
        }
    }
}
