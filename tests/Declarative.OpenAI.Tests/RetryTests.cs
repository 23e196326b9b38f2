using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Declarative.OpenAI.Internal;
using Microsoft.Extensions.AI;
using Polly;
using Xunit;
using static Declarative.OpenAI.Tests.TestSupport;

namespace Declarative.OpenAI.Tests;

public class RetryTests
{
    [Fact]
    public async Task A_429_with_retry_after_seconds_waits_that_long_then_succeeds()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", ("Retry-After", "1")),
            CannedResponse.Text("done"));
        var clock = new ObservedClock();
        using var client = Client(server, o => o.TimeProvider = clock);

        var call = client.GetResponseAsync("hi");

        await ResentExactlyAfter(TimeSpan.FromSeconds(1), clock, server, call);
        var response = await call;

        Assert.Equal("done", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
    }

    [Fact]
    public async Task Retry_after_ms_takes_precedence_and_is_honoured()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(429, "slow down", headers: [("retry-after-ms", "400"), ("Retry-After", "20")]),
            CannedResponse.Text("done"));
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.MaxRetryDelay = TimeSpan.FromSeconds(60);
            o.TimeProvider = clock;
        });

        var call = client.GetResponseAsync("hi");

        await ResentExactlyAfter(TimeSpan.FromMilliseconds(400), clock, server, call);
        Assert.DoesNotContain(TimeSpan.FromSeconds(20), clock.Started);
    }

    [Fact]
    public async Task A_server_delay_longer_than_the_cap_is_cut_to_max_retry_delay()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(503, "overloaded", "server_error", headers: ("Retry-After", "60")),
            CannedResponse.Text("done"));
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.TimeProvider = clock;
        });

        var call = client.GetResponseAsync("hi");

        await ResentExactlyAfter(TimeSpan.FromMilliseconds(200), clock, server, call);
        Assert.DoesNotContain(TimeSpan.FromSeconds(60), clock.Started);
    }

    [Fact]
    public async Task A_retry_after_http_date_is_read_against_the_clock()
    {
        var clock = new ObservedClock();
        clock.SetUtcNow(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var date = clock.GetUtcNow().AddSeconds(3).ToString("R", CultureInfo.InvariantCulture);
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(503, "overloaded", "server_error", headers: ("Retry-After", date)),
            CannedResponse.Text("done"));
        using var client = Client(server, o => o.TimeProvider = clock);

        var call = client.GetResponseAsync("hi");

        await ResentExactlyAfter(TimeSpan.FromSeconds(3), clock, server, call);
        Assert.Equal("done", (await call).Text);
    }

    [Fact]
    public async Task With_the_system_clock_a_retry_really_waits()
    {
        // The one real-time retry test: the default clock is wired to the waits. Only a lower bound, which a busy
        // machine cannot break.
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(429, "slow down", headers: ("retry-after-ms", "300")),
            CannedResponse.Text("done"));
        using var client = Client(server);

        var watch = Stopwatch.StartNew();
        await client.GetResponseAsync("hi").WaitAsync(Patience);

        Assert.Equal(2, server.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"waited only {watch.Elapsed}");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Server_errors_are_retried_then_succeed(int status)
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(status, "The server had an error while processing your request.", "server_error"),
            CannedResponse.Error(status, "Still broken.", "server_error"),
            CannedResponse.Text("recovered"));
        using var client = Client(server);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("recovered", response.Text);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_run_out_with_a_clear_exception()
    {
        using var server = new FakeChatServer().Enqueue(Enumerable.Range(0, 5).Select(_ => CannedResponse.Error(500, "The server had an error.", "server_error")).ToArray());
        using var client = Client(server, o => o.MaxRetries = 2);

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal(3, exception.Attempts);
        Assert.True(exception.IsTransient);
        Assert.Contains("HTTP 500", exception.Message);
        Assert.Contains("after 3 attempts", exception.Message);
        Assert.Contains("The server had an error.", exception.Message);
        Assert.Equal("The server had an error.", exception.ServerMessage);
    }

    [Theory]
    [InlineData(400, "Invalid schema for function 'get_item_price': 'additionalProperties' is required to be supplied and to be false.", "invalid_request_error", null)]
    [InlineData(401, "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")]
    [InlineData(404, "The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found")]
    public async Task Client_errors_surface_at_once_with_the_server_message(int status, string message, string type, string? code)
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Error(status, message, type, code), CannedResponse.Text("never"));
        using var client = Client(server);

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Single(server.Requests);
        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Contains($"HTTP {status}", exception.Message);
        Assert.Contains(message, exception.Message);
        Assert.Equal(message, exception.ServerMessage);
        Assert.Equal(type, exception.ErrorType);
        Assert.Equal(code, exception.ErrorCode);
        Assert.Equal(1, exception.Attempts);
        Assert.False(exception.IsTransient);
    }

    [Fact]
    public async Task A_non_json_error_body_is_quoted_as_it_is()
    {
        using var server = new FakeChatServer().Enqueue(new CannedResponse { Status = 400, ContentType = "text/plain", Body = "bad things happened" });
        using var client = Client(server);

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("bad things happened", exception.Message);
    }

    [Fact]
    public async Task X_should_retry_false_stops_retrying()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(500, "Do not retry this.", "server_error", headers: ("x-should-retry", "false")),
            CannedResponse.Text("never"));
        using var client = Client(server);

        await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_retry_wait_stops_at_once()
    {
        // The clock never moves: only the cancellation can end the 30-second wait.
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(429, "Rate limit", headers: ("Retry-After", "30")),
            CannedResponse.Text("never"));
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.MaxRetryDelay = TimeSpan.FromMinutes(1);
            o.TimeProvider = clock;
        });
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync("hi", cancellationToken: cancellation.Token);
        await clock.WaitForPendingAsync(TimeSpan.FromSeconds(30));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_server_is_not_retried()
    {
        using var server = new FakeChatServer().Enqueue(new CannedResponse { Delay = TimeSpan.FromMinutes(10), Body = "{}" });
        var clock = new ObservedClock();
        using var client = Client(server, o => o.TimeProvider = clock);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync("hi", cancellationToken: cancellation.Token);
        await Eventually(() => server.Requests.Count == 1, "the request");
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        using var server = new DroppingServer(drops: 2, CannedResponse.Text("after the drops").Body);
        using var client = new OpenAIChatClient(new OpenAIChatClientOptions
        {
            BaseUrl = server.BaseUrl,
            Model = "m",
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("after the drops", response.Text);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task A_network_timeout_is_retried()
    {
        using var server = new FakeChatServer().Enqueue(new CannedResponse { Delay = TimeSpan.FromMinutes(10), Body = "{}" }, CannedResponse.Text("fast now"));
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.NetworkTimeout = TimeSpan.FromSeconds(10);
            o.InitialRetryDelay = TimeSpan.Zero; // the retry follows at once, so only the timeout needs the clock
            o.TimeProvider = clock;
        });

        var call = client.GetResponseAsync("hi");

        await Eventually(() => server.Requests.Count == 1, "the first attempt");
        await ResentExactlyAfter(TimeSpan.FromSeconds(10), clock, server, call);

        Assert.Equal("fast now", (await call).Text);
    }

    [Fact]
    public async Task A_network_timeout_on_the_system_clock_is_retried()
    {
        // The one real-time timeout test: the default clock is wired to the attempt's timeout. A server ten times
        // slower than the timeout leaves a busy machine plenty of room.
        using var server = new FakeChatServer().Enqueue(new CannedResponse { Delay = TimeSpan.FromSeconds(5), Body = "{}" }, CannedResponse.Text("fast now"));
        using var client = Client(server, o => o.NetworkTimeout = TimeSpan.FromMilliseconds(500));

        var response = await client.GetResponseAsync("hi").WaitAsync(Patience);

        Assert.Equal("fast now", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Network_timeouts_that_run_out_fail_with_the_timeout_named()
    {
        using var server = new FakeChatServer().Enqueue(
            new CannedResponse { Delay = TimeSpan.FromMinutes(10), Body = "{}" },
            new CannedResponse { Delay = TimeSpan.FromMinutes(10), Body = "{}" });
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.NetworkTimeout = TimeSpan.FromSeconds(10);
            o.MaxRetries = 1;
            o.InitialRetryDelay = TimeSpan.Zero;
            o.TimeProvider = clock;
        });

        var call = client.GetResponseAsync("hi");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Eventually(() => server.Requests.Count == attempt, $"attempt {attempt}");
            await clock.WaitForPendingAsync(TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(() => call.WaitAsync(Patience));
        Assert.Equal(2, exception.Attempts);
        Assert.True(exception.IsTransient);
        Assert.Contains("no response", exception.Message);
        Assert.Contains("network timeout of 0:00:10", exception.Message);
    }

    [Fact]
    public async Task An_unreachable_server_fails_clearly_after_the_retries()
    {
        var port = FakeChatServer.FreePort();
        using var client = new OpenAIChatClient(new OpenAIChatClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"),
            Model = "m",
            MaxRetries = 1,
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Null(exception.StatusCode);
        Assert.Equal(2, exception.Attempts);
        Assert.True(exception.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", exception.Message);
        Assert.Contains("no response", exception.Message);
    }

    [Fact]
    public void Server_delays_are_parsed_from_milliseconds_seconds_and_http_dates()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryTiming.ParseServerDelay("250", "9", now));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryTiming.ParseServerDelay(null, "2", now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryTiming.ParseServerDelay(null, "1.5", now));
        var date = now.AddSeconds(7).ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryTiming.ParseServerDelay(null, date, now));
        Assert.Equal(TimeSpan.Zero, RetryTiming.ParseServerDelay(null, now.AddSeconds(-7).ToString("R", CultureInfo.InvariantCulture), now));
        Assert.Null(RetryTiming.ParseServerDelay(null, "soon", now));
        Assert.Null(RetryTiming.ParseServerDelay("-5", null, now));
    }

    [Fact]
    public async Task Computed_back_off_grows_with_jitter_and_stays_under_the_cap()
    {
        // The back-off is Polly's (exponential with jitter); this checks the strategy the client configures, with the
        // waits recorded instead of slept. First with the jitter held still, then with it free.
        var steady = await RecordDelays(randomizer: () => 0.5);
        Assert.All(steady, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2)));
        Assert.True(steady[0] < TimeSpan.FromMilliseconds(500), $"first wait {steady[0]}");
        var capped = steady.FindIndex(d => d == TimeSpan.FromSeconds(2));
        Assert.InRange(capped, 2, 8); // 100 ms doubled a few times reaches the cap, and then stays there
        Assert.All(steady.Skip(capped), d => Assert.Equal(TimeSpan.FromSeconds(2), d));
        for (var i = 1; i < capped; i++)
        {
            Assert.True(steady[i] > steady[i - 1], $"wait {i} ({steady[i]}) is not longer than wait {i - 1} ({steady[i - 1]})");
        }

        var firstWaits = new HashSet<TimeSpan>();
        for (var run = 0; run < 5; run++)
        {
            var jittered = await RecordDelays(randomizer: null);
            Assert.All(jittered, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
            firstWaits.Add(jittered[0]);
        }
        Assert.True(firstWaits.Count > 1, "the first wait never varied: no jitter");
    }

    /// <summary>
    /// Checks that the one request sent so far is sent again when the clock has moved exactly <paramref name="wait"/>:
    /// the client starts a timer of that length, has not resent one tick before its end (a short real pause gives a
    /// wrongly early resend the chance to show; a correct client passes however long it is), and the call then
    /// finishes with a second request.
    /// </summary>
    internal static async Task ResentExactlyAfter(TimeSpan wait, ObservedClock clock, FakeChatServer server, Task call)
    {
        await clock.WaitForPendingAsync(wait);
        clock.Advance(wait - TimeSpan.FromTicks(1));
        await Task.Delay(100);
        Assert.False(call.IsCompleted, "the call finished before the clock reached the wait's end");
        Assert.Single(server.Requests);
        clock.Advance(TimeSpan.FromTicks(1));
        await call.WaitAsync(Patience);
        Assert.Equal(2, server.Requests.Count);
    }

    private static async Task<List<TimeSpan>> RecordDelays(Func<double>? randomizer)
    {
        var options = TransientRetryPolicy.CreateRetryOptions(maxRetries: 12, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        if (randomizer is not null)
        {
            options.Randomizer = randomizer;
        }
        var delays = new List<TimeSpan>();
        options.OnRetry = args =>
        {
            delays.Add(args.RetryDelay);
            return default;
        };
        var pipeline = new ResiliencePipelineBuilder<PipelineResponse> { TimeProvider = new InstantTimeProvider() }.AddRetry(options).Build();
        var attempts = 0;

        await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.ExecuteAsync<PipelineResponse>(_ =>
        {
            attempts++;
            throw new HttpRequestException("Connection refused");
        }).AsTask());

        Assert.Equal(13, attempts);
        Assert.Equal(12, delays.Count);
        return delays;
    }

    /// <summary>Fires every timer at once, so a retry strategy's waits take no time.</summary>
    private sealed class InstantTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}
