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
/// </remarks>
internal sealed class TransientRetryPolicy : PipelinePolicy
{
    private static readonly TimeSpan LongestPollyDelay = TimeSpan.FromDays(1);

    private readonly ResiliencePipeline<PipelineResponse> _retries;

    public TransientRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay)
    {
        var builder = new ResiliencePipelineBuilder<PipelineResponse>();
        if (maxRetries > 0)
        {
            builder.AddRetry(CreateRetryOptions(maxRetries, initialDelay, maxDelay));
        }
        _retries = builder.Build();
    }

    /// <summary>The retry strategy: transient outcomes only, the server's delay when it gives one, every wait at most <paramref name="maxDelay"/>.</summary>
    internal static RetryStrategyOptions<PipelineResponse> CreateRetryOptions(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay)
    {
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
                args.Outcome.Result is { } response && RetryTiming.GetServerDelay(response.Headers, DateTimeOffset.UtcNow) is { } asked
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
        var attempts = new Attempts(message, pipeline, currentIndex);
        PipelineResponse response;
        try
        {
            response = _retries.Execute(
                static (state, _) =>
                {
                    state.Count++;
                    ProcessNext(state.Message, state.Pipeline, state.Index);
                    return state.Message.Response!;
                },
                attempts,
                message.CancellationToken);
        }
        catch (Exception exception) when (RetryTiming.IsConnectionFailure(exception, message.CancellationToken))
        {
            throw ChatFailures.NoResponse(message.Request.Uri, exception, attempts.Count);
        }

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
        var attempts = new Attempts(message, pipeline, currentIndex);
        PipelineResponse response;
        try
        {
            response = await _retries.ExecuteAsync(
                static async (state, _) =>
                {
                    state.Count++;
                    await ProcessNextAsync(state.Message, state.Pipeline, state.Index).ConfigureAwait(false);
                    return state.Message.Response!;
                },
                attempts,
                message.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RetryTiming.IsConnectionFailure(exception, message.CancellationToken))
        {
            throw ChatFailures.NoResponse(message.Request.Uri, exception, attempts.Count);
        }

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

    /// <summary>The one request being tried, and how many times it has been sent.</summary>
    private sealed class Attempts(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int index)
    {
        public PipelineMessage Message { get; } = message;

        public IReadOnlyList<PipelinePolicy> Pipeline { get; } = pipeline;

        public int Index { get; } = index;

        public int Count { get; set; }
    }
}
