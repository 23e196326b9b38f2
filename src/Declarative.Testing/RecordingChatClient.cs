using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>
/// Wraps a real <see cref="IChatClient"/> and keeps every response it gives, so a run against a live model can be saved
/// as a recorded script (<see cref="RecordedScript"/>) and replayed offline by a <see cref="ScriptedChatClient"/>.
/// </summary>
public sealed class RecordingChatClient : DelegatingChatClient
{
    private readonly object _gate = new();
    private readonly List<ChatResponse> _responses = [];

    /// <summary>Creates a recorder around <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that really answers.</param>
    public RecordingChatClient(IChatClient innerClient)
        : base(innerClient)
    {
    }

    /// <summary>The responses received so far, in order (streamed ones assembled into whole responses).</summary>
    public IReadOnlyList<ChatResponse> Responses
    {
        get
        {
            lock (_gate)
            {
                return [.. _responses];
            }
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _responses.Add(response);
        }
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }
        lock (_gate)
        {
            _responses.Add(updates.ToChatResponse());
        }
    }

    /// <summary>The responses so far in the recorded script format.</summary>
    /// <param name="model">The model id to record, if any.</param>
    /// <returns>The script as indented JSON.</returns>
    public string ToScript(string? model = null) => RecordedScript.Write(Responses, model);

    /// <summary>Writes the responses so far to a recorded script file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="model">The model id to record, if any.</param>
    public void Save(string path, string? model = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ToScript(model));
    }
}
