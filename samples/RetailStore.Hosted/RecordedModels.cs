using Microsoft.Extensions.AI;

namespace RetailStore.Hosted;

/// <summary>
/// The offline "small" model: each conversation is answered by the recording made for its question (a
/// return, or a product question), loaded afresh the first time the question is seen and dropped once used
/// up, so the same question can be asked again. The tools still run for real.
/// </summary>
internal sealed class RecordedModels : IChatClient
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RecordedModel> _open = new(StringComparer.Ordinal);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var question = list.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        RecordedModel model;
        lock (_gate)
        {
            if (!_open.TryGetValue(question, out model!))
            {
                model = RecordedModel.Load(question.Contains("return", StringComparison.OrdinalIgnoreCase) ? "return-gold-frames" : "round-sunglasses");
                _open[question] = model;
            }
        }
        var response = await model.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (model.UnusedResponses == 0)
        {
            lock (_gate)
            {
                _open.Remove(question);
            }
        }
        return response;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                          CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The recorded model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("recorded", defaultModelId: "gpt-4o-mini-2024-07-18") : null;

    public void Dispose()
    {
    }
}
