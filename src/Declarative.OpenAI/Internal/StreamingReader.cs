using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// Reads a streamed Chat Completions response (server-sent events of <c>chat.completion.chunk</c> objects, ending
/// with <c>data: [DONE]</c>) into <see cref="ChatResponseUpdate"/>s.
/// </summary>
/// <remarks>
/// Text and reasoning deltas are yielded as they arrive. Tool calls arrive in fragments (the first with the id and
/// name, the rest with pieces of the arguments string, all keyed by <c>index</c>); they are assembled and yielded,
/// complete and parsed exactly as in a whole response, in one update when the choice finishes (or the stream ends).
/// The usage chunk (sent because the request asks for <c>stream_options.include_usage</c>) becomes a
/// <see cref="UsageContent"/>.
/// </remarks>
internal sealed class StreamingReader(string endpoint)
{
    private readonly SortedDictionary<int, ToolCallBuilder> _calls = [];
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private ChatFinishReason? _finishReason;

    public async IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var data = new StringBuilder();
        var done = false;
        while (!done)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                throw new OpenAIChatException($"The response stream from {endpoint} broke off: {exception.Message}", null, exception) { Attempts = 1, IsTransient = true };
            }

            if (line is null || line.Length == 0)
            {
                // End of an event (or of the stream): dispatch the data gathered so far.
                if (data.Length > 0)
                {
                    var payload = data.ToString();
                    data.Clear();
                    if (payload.Trim() == "[DONE]")
                    {
                        done = true;
                    }
                    else
                    {
                        foreach (var update in ReadChunk(payload))
                        {
                            yield return update;
                        }
                    }
                }
                if (line is null)
                {
                    break;
                }
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue; // comment / keep-alive
            }
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.Length > 0 && value[0] == ' ')
                {
                    value = value[1..];
                }
                if (data.Length > 0)
                {
                    data.Append('\n');
                }
                data.Append(value);
            }
            // Other fields (event:, id:, retry:) carry nothing the Chat Completions stream uses.
        }

        if (FlushToolCalls() is { } last)
        {
            yield return last;
        }
    }

    private IEnumerable<ChatResponseUpdate> ReadChunk(string payload)
    {
        var chunk = ChatResponseReader.ParseBody(Encoding.UTF8.GetBytes(payload), endpoint);
        ChatResponseReader.ThrowIfError(chunk, endpoint);

        _responseId = ChatResponseReader.GetString(chunk, "id") ?? _responseId;
        _modelId = ChatResponseReader.GetString(chunk, "model") ?? _modelId;
        _createdAt = ChatResponseReader.GetCreated(chunk) ?? _createdAt;

        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                var update = NewUpdate(chunk);
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    if ((ChatResponseReader.GetString(delta, "reasoning_content") ?? ChatResponseReader.GetString(delta, "reasoning")) is { Length: > 0 } reasoning)
                    {
                        update.Contents.Add(new TextReasoningContent(reasoning));
                    }
                    if (ChatResponseReader.GetString(delta, "content") is { Length: > 0 } text)
                    {
                        update.Contents.Add(new TextContent(text));
                    }
                    if (ChatResponseReader.GetString(delta, "refusal") is { Length: > 0 } refusal)
                    {
                        update.Contents.Add(new TextContent(refusal) { AdditionalProperties = new() { ["refusal"] = true } });
                    }
                    if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var call in calls.EnumerateArray())
                        {
                            AddFragment(call);
                        }
                    }
                }

                var finish = ChatResponseReader.ReadFinishReason(ChatResponseReader.GetString(choice, "finish_reason"));
                if (finish is not null)
                {
                    _finishReason = finish;
                    update.FinishReason = finish;
                    if (FlushToolCalls() is { } calls)
                    {
                        foreach (var content in calls.Contents)
                        {
                            update.Contents.Add(content);
                        }
                    }
                }

                if (update.Contents.Count > 0 || update.FinishReason is not null)
                {
                    yield return update;
                }
            }
        }

        if (chunk.TryGetProperty("usage", out var usage) && ChatResponseReader.ReadUsage(usage) is { } details)
        {
            var update = NewUpdate(chunk);
            update.Contents.Add(new UsageContent(details));
            yield return update;
        }
    }

    private void AddFragment(JsonElement call)
    {
        int index;
        if (call.TryGetProperty("index", out var indexElement) && indexElement.ValueKind == JsonValueKind.Number && indexElement.TryGetInt32(out var given))
        {
            index = given;
        }
        else
        {
            // No index (some servers send whole calls): a new id starts a new call, otherwise continue the last one.
            var id = ChatResponseReader.GetString(call, "id");
            var last = _calls.Count == 0 ? -1 : _calls.Keys.Max();
            index = last < 0 || (id is not null && _calls[last].Id is not null && _calls[last].Id != id) ? last + 1 : last;
        }

        if (!_calls.TryGetValue(index, out var builder))
        {
            builder = new ToolCallBuilder();
            _calls[index] = builder;
        }
        builder.Id ??= ChatResponseReader.GetString(call, "id") is { Length: > 0 } callId ? callId : null;
        if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            if (ChatResponseReader.GetString(function, "name") is { Length: > 0 } name)
            {
                builder.Name ??= name; // sent once by OpenAI; some servers repeat it
            }
            builder.Arguments.Append(ChatResponseReader.GetArgumentsText(function));
        }
    }

    private ChatResponseUpdate? FlushToolCalls()
    {
        if (_calls.Count == 0)
        {
            return null;
        }
        var update = NewUpdate(null);
        update.FinishReason = _finishReason;
        var position = 0;
        foreach (var builder in _calls.Values)
        {
            update.Contents.Add(ChatResponseReader.CreateFunctionCall(builder.Id, builder.Name, builder.Arguments.ToString(), position++));
        }
        _calls.Clear();
        return update;
    }

    private ChatResponseUpdate NewUpdate(JsonElement? raw) => new()
    {
        Role = ChatRole.Assistant,
        ResponseId = _responseId,
        MessageId = _responseId,
        ModelId = _modelId,
        CreatedAt = _createdAt,
        RawRepresentation = raw,
    };

    private sealed class ToolCallBuilder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
