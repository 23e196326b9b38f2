using System.ClientModel;
using System.ClientModel.Primitives;
using Polly;
using Polly.Retry;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// Stands in the OpenAI pipeline where its own <see cref="ClientRetryPolicy"/> would: retries transient failures with a
/// Polly retry strategy, then turns what is left of a failure into an <see cref="OpenAIChatException"/>.
/// </summary>
/// <remarks>
/// Polly does the counting, the exponential back-off with jitter, the cap and the cancellable waits; this class only
/// says which outcomes are transient (<see cref="RetryTiming"/>) and passes on a delay the server asked for
/// (<c>retry-after-ms</c>, <c>Retry-After</c>), which Polly would otherwise not know of. It sits before the transport,
/// so every attempt is a fresh send of the same request and a stream is retried only until its response starts.
/// It also keeps the network timeout (of each attempt, and of each read of a streamed body through
/// <see cref="NetworkTimeoutStream"/>), so that every wait and timeout runs on the one <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class TransientRetryPolicy : PipelinePolicy
{
    private static readonly TimeSpan LongestPollyDelay = TimeSpan.FromDays(1);

    private readonly ResiliencePipeline<PipelineResponse> _retries;
    private readonly TimeSpan _networkTimeout;
    private readonly TimeProvider _time;

    public TransientRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay, TimeSpan networkTimeout, TimeProvider time)
    {
        _networkTimeout = networkTimeout;
        _time = time;
        var builder = new ResiliencePipelineBuilder<PipelineResponse> { TimeProvider = time };
        if (maxRetries > 0)
        {
            builder.AddRetry(CreateRetryOptions(maxRetries, initialDelay, maxDelay, time));
        }
        _retries = builder.Build();
    }

    /// <summary>The retry strategy: transient outcomes only, the server's delay when it gives one, every wait at most <paramref name="maxDelay"/>.</summary>
    internal static RetryStrategyOptions<PipelineResponse> CreateRetryOptions(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        initialDelay = Clamp(initialDelay);
        maxDelay = Clamp(maxDelay);
        return new RetryStrategyOptions<PipelineResponse>
        {
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = initialDelay,
            MaxDelay = maxDelay,
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
            // Polly caps only the delays it computes; a server's delay is capped here.
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response && RetryTiming.GetServerDelay(response.Headers, time.GetUtcNow()) is { } asked
                    ? asked < maxDelay ? asked : maxDelay
                    : (TimeSpan?)null),
        };
    }

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestPollyDelay ? LongestPollyDelay : delay;

    private static bool IsTransient(Outcome<PipelineResponse> outcome, CancellationToken callerToken) =>
        outcome.Exception is { } exception
            ? RetryTiming.IsConnectionFailure(exception, callerToken)
            : outcome.Result is { } response && !IsSuccess(response) && RetryTiming.IsTransient(response.Status, response.Headers);

    private static bool IsSuccess(PipelineResponse response) => response.Status is >= 200 and < 300;

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var attempts = new Attempts(this, message, pipeline, currentIndex);
        PipelineResponse response;
        try
        {
            response = _retries.Execute(
                static (state, _) =>
                {
                    state.Count++;
                    using var timeout = state.Policy.StartAttempt(state.Message, state.CallerToken);
                    try
                    {
                        ProcessNext(state.Message, state.Pipeline, state.Index);
                    }
                    catch (Exception exception) when (timeout.Expired(exception))
                    {
                        throw NetworkTimeoutStream.Expired(state.Policy._networkTimeout, exception);
                    }
                    return state.Message.Response!;
                },
                attempts,
                message.CancellationToken);
        }
        catch (Exception exception) when (RetryTiming.IsConnectionFailure(exception, message.CancellationToken))
        {
            throw ChatFailures.NoResponse(message.Request.Uri, exception, attempts.Count);
        }

        LimitReads(message, response);
        if (!IsSuccess(response))
        {
            try
            {
                response.BufferContent(message.CancellationToken);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                // The status says enough; the body is a courtesy.
            }
            throw ChatFailures.FromResponse(response, message.Request.Uri, attempts.Count, RetryTiming.IsTransient(response.Status, response.Headers));
        }
        Accept(message, response, async: false).AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var attempts = new Attempts(this, message, pipeline, currentIndex);
        PipelineResponse response;
        try
        {
            response = await _retries.ExecuteAsync(
                static async (state, _) =>
                {
                    state.Count++;
                    using var timeout = state.Policy.StartAttempt(state.Message, state.CallerToken);
                    try
                    {
                        await ProcessNextAsync(state.Message, state.Pipeline, state.Index).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (timeout.Expired(exception))
                    {
                        throw NetworkTimeoutStream.Expired(state.Policy._networkTimeout, exception);
                    }
                    return state.Message.Response!;
                },
                attempts,
                message.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RetryTiming.IsConnectionFailure(exception, message.CancellationToken))
        {
            throw ChatFailures.NoResponse(message.Request.Uri, exception, attempts.Count);
        }

        LimitReads(message, response);
        if (!IsSuccess(response))
        {
            try
            {
                await response.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                // The status says enough; the body is a courtesy.
            }
            throw ChatFailures.FromResponse(response, message.Request.Uri, attempts.Count, RetryTiming.IsTransient(response.Status, response.Headers));
        }
        await Accept(message, response, async: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts one attempt's network timeout: until the returned scope ends, the message carries a token that the
    /// caller's cancellation and the timeout both cancel.
    /// </summary>
    private AttemptTimeout StartAttempt(PipelineMessage message, CancellationToken callerToken)
    {
        if (_networkTimeout == Timeout.InfiniteTimeSpan)
        {
            return default;
        }
        var expiry = new CancellationTokenSource(_networkTimeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, expiry.Token);
        SetToken(message, linked.Token);
        return new AttemptTimeout(message, callerToken, expiry, linked);
    }

    /// <summary>
    /// Gives the rest of the pipeline (the transport) another token for this attempt. Policies cannot set
    /// <see cref="PipelineMessage.CancellationToken"/> directly; <see cref="PipelineMessage.Apply(RequestOptions)"/>
    /// is the public way, and what else it sets is put back: the response buffering, and no per-call policies (those
    /// of this send were chosen when it started).
    /// </summary>
    private static void SetToken(PipelineMessage message, CancellationToken token)
    {
        var buffer = message.BufferResponse;
        message.Apply(new RequestOptions { CancellationToken = token });
        message.BufferResponse = buffer;
    }

    /// <summary>A body the caller reads later (a stream) gets the network timeout on each read.</summary>
    private void LimitReads(PipelineMessage message, PipelineResponse response)
    {
        if (!message.BufferResponse && _networkTimeout != Timeout.InfiniteTimeSpan && response.ContentStream is { } stream)
        {
            response.ContentStream = new NetworkTimeoutStream(stream, _networkTimeout, _time);
        }
    }

    /// <summary>
    /// Checks a successful response and repairs what the OpenAI package could not read (<see cref="ServerQuirks"/>):
    /// a whole body must be a completion; a stream's events pass through <see cref="RepairingEventStream"/>; a whole
    /// completion sent to a request for a stream becomes a stream of one chunk.
    /// </summary>
    private static async ValueTask Accept(PipelineMessage message, PipelineResponse response, bool async)
    {
        var endpoint = message.Request.Uri;
        var wholeJson = response.Headers.TryGetValue("Content-Type", out var contentType)
            && contentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true;
        if (message.BufferResponse || wholeJson)
        {
            var body = async
                ? await response.BufferContentAsync(message.CancellationToken).ConfigureAwait(false)
                : response.BufferContent(message.CancellationToken);
            ChatFailures.ThrowIfNotACompletion(endpoint, body.ToMemory());
            if (!message.BufferResponse)
            {
                response.ContentStream = new RepairingEventStream(new MemoryStream(ServerQuirks.CompletionAsStream(body.ToMemory().Span)));
            }
            else if (ServerQuirks.RepairCompletion(body.ToMemory().Span) is { } repaired)
            {
                response.ContentStream = new MemoryStream(repaired);
            }
            return;
        }
        if (response.ContentStream is { } stream)
        {
            response.ContentStream = new RepairingEventStream(stream);
        }
    }

    /// <summary>One attempt's network timeout; ending it gives the message back the caller's token.</summary>
    private readonly struct AttemptTimeout(
        PipelineMessage message, CancellationToken callerToken, CancellationTokenSource expiry, CancellationTokenSource linked) : IDisposable
    {
        /// <summary>Whether <paramref name="failure"/> is the attempt running out of time rather than the caller cancelling.</summary>
        public bool Expired(Exception failure) =>
            expiry is not null && expiry.IsCancellationRequested && !callerToken.IsCancellationRequested
            && failure is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException or ClientResultException;

        public void Dispose()
        {
            if (expiry is null)
            {
                return;
            }
            SetToken(message, callerToken);
            linked.Dispose();
            expiry.Dispose();
        }
    }

    /// <summary>The one request being tried, and how many times it has been sent.</summary>
    private sealed class Attempts(TransientRetryPolicy policy, PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int index)
    {
        public TransientRetryPolicy Policy { get; } = policy;

        public PipelineMessage Message { get; } = message;

        public CancellationToken CallerToken { get; } = message.CancellationToken;

        public IReadOnlyList<PipelinePolicy> Pipeline { get; } = pipeline;

        public int Index { get; } = index;

        public int Count { get; set; }
    }
}
