using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

// The harness's cache layer for one run: answers from the cache, else asks the inner client and stores the
// response; counts hits and misses into the run's counters.
internal sealed class ResponseCachingChatClient(IChatClient inner, ResponseCache cache, int repetition, RunCounters counters) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = CanonicalRequest.Key(list, options, repetition);
        if (cache.Mode != ResponseCacheMode.Refresh && cache.TryGet(key, out var cached))
        {
            counters.Hit();
            return cached;
        }
        if (cache.Mode == ResponseCacheMode.ReadOnly)
        {
            counters.Miss();
            throw new ResponseCacheMissException(key);
        }
        counters.Miss();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        cache.Store(key, response);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = CanonicalRequest.Key(list, options, repetition);
        if (cache.Mode != ResponseCacheMode.Refresh && cache.TryGet(key, out var cached))
        {
            counters.Hit();
            foreach (var update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }
            yield break;
        }
        counters.Miss();
        if (cache.Mode == ResponseCacheMode.ReadOnly)
        {
            throw new ResponseCacheMissException(key);
        }
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }
        cache.Store(key, updates.ToChatResponse());
    }
}
