using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

// Retries a model call that failed with a transient error (a dropped connection, a 429/5xx surfaced as an
// HttpRequestException, a time-out of the client's own), with a doubling delay; never a cancellation by the caller.
// A streamed call is retried only before its first update.
internal sealed class RetryingChatClient(IChatClient inner, int maxRetries, TimeSpan delay, Func<Exception, bool> isTransient, TimeProvider time, RunCounters counters)
    : DelegatingChatClient(inner)
{
    public static bool IsTransientByDefault(Exception exception) => exception switch
    {
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode.Value is 408 or 429 or >= 500,
        TimeoutException or IOException => true,
        _ => false,
    };

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < maxRetries && !cancellationToken.IsCancellationRequested && exception is not OperationCanceledException && isTransient(exception))
            {
                counters.Retry();
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            ChatResponseUpdate? first;
            try
            {
                first = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
            }
            catch (Exception exception) when (attempt < maxRetries && !cancellationToken.IsCancellationRequested && exception is not OperationCanceledException && isTransient(exception))
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                counters.Retry();
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await using (enumerator.ConfigureAwait(false))
            {
                if (first is null)
                {
                    yield break;
                }
                yield return first;
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return enumerator.Current;
                }
            }
            yield break;
        }
    }

    private TimeSpan Backoff(int attempt) => delay * Math.Pow(2, attempt);
}
