using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script instead of a model, for testing agents: each call takes the
/// next step, records the request, and returns that step's response.
/// </summary>
/// <remarks>
/// <para>
/// Build the script fluently: <c>new ScriptedChatClient().ThenToolCalls(("get_item_price", new { itemId = "x" })).ThenText("It costs 3.")</c>.
/// A step is a fixed response (<see cref="Then(ChatResponse)"/>, <see cref="Then(ChatMessage)"/>, <see cref="ThenText"/>,
/// <see cref="ThenJson"/>, <see cref="ThenToolCalls(ScriptedToolCall[])"/>), a function of the request (sync or async),
/// or an exception to throw (<see cref="ThenThrow"/>). <see cref="WithUsage(long, long, long?)"/>, <see cref="WithDelay"/>,
/// <see cref="WithChunkDelay"/> and <see cref="WithFinishReason"/> adjust the step added last.
/// </para>
/// <para>
/// Tool calls are built as an OpenAI-compatible client would build them (arguments as <see cref="JsonElement"/> values,
/// call ids <c>call_1</c>, <c>call_2</c>, ... unless given); a <see cref="string"/> argument is raw JSON text that may be
/// malformed on purpose (see <see cref="ScriptedToolCall"/>). Every request is kept in <see cref="Requests"/>. When the
/// script runs out, the call throws an <see cref="InvalidOperationException"/> naming the number of responses given and
/// the request that found the script empty.
/// </para>
/// <para>Thread-safe: concurrent calls take steps in the order they arrive.</para>
/// </remarks>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly object _gate = new();
    private readonly List<Step> _steps = [];
    private readonly List<ScriptedRequest> _requests = [];
    private int _next;
    private int _callIds;

    /// <summary>Creates a client with an empty script.</summary>
    public ScriptedChatClient()
    {
    }

    /// <summary>The model id put on responses that don't name one. Default <c>scripted</c>.</summary>
    public string ModelId { get; set; } = "scripted";

    /// <summary>
    /// The clock <see cref="WithDelay"/> waits on. Default <see cref="TimeProvider.System"/>; give the fake
    /// clock your run uses (<c>AgentRunOptions.TimeProvider</c>) to make a slow model slow only on that clock.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _time;
        set => _time = value ?? throw new ArgumentNullException(nameof(value));
    }

    private TimeProvider _time = TimeProvider.System;

    /// <summary>Usage put on responses whose step sets none (for testing token and cost budgets); <see langword="null"/> by default.</summary>
    public UsageDetails? DefaultUsage { get; set; }

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many steps have not been used yet.</summary>
    public int RemainingSteps
    {
        get
        {
            lock (_gate)
            {
                return _steps.Count - _next;
            }
        }
    }

    /// <summary>Throws an <see cref="InvalidOperationException"/> if any step of the script was not used.</summary>
    public void AssertScriptCompleted()
    {
        var remaining = RemainingSteps;
        if (remaining > 0)
        {
            throw new InvalidOperationException($"The script has {remaining} unused step(s) after {Requests.Count} request(s).");
        }
    }

    /// <summary>Adds a step that returns <paramref name="response"/> as it is.</summary>
    /// <param name="response">The response.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Then(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Add(new Step((_, _, _, _) => Task.FromResult(response)) { Describe = "a fixed response" });
    }

    /// <summary>Adds a step that answers with <paramref name="message"/>.</summary>
    /// <param name="message">The message; its role is normally <see cref="ChatRole.Assistant"/>.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Then(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Add(new Step((_, _, _, _) => Task.FromResult(new ChatResponse(message))) { Describe = "a fixed message" });
    }

    /// <summary>Adds a step that computes the response from the request.</summary>
    /// <param name="respond">Given the messages (a snapshot) and options, returns the response.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return Add(new Step((messages, options, _, _) => Task.FromResult(respond(messages, options))) { Describe = "a function" });
    }

    /// <summary>Adds a step that computes the response from the request, asynchronously.</summary>
    /// <param name="respond">Given the messages (a snapshot), options and the call's cancellation token, returns the response.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return Add(new Step((messages, options, _, cancellationToken) => respond(messages, options, cancellationToken)) { Describe = "an async function" });
    }

    /// <summary>Adds a step that answers with text.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(new Step((_, _, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)))) { Describe = "text" });
    }

    /// <summary>Adds a step that answers with <paramref name="value"/> serialized as JSON text (a structured output).</summary>
    /// <param name="value">The value: any object, a <see cref="JsonElement"/>, or a string taken as JSON text already.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenJson(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value switch
        {
            string json => json,
            JsonElement element => element.GetRawText(),
            _ => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
        };
        return Add(new Step((_, _, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)))) { Describe = "JSON" });
    }

    /// <summary>Adds a step that asks for tool calls (several at once are parallel calls).</summary>
    /// <param name="calls">Each call's tool name and arguments (an object, or a raw JSON string); ids are generated.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenToolCalls(params (string Name, object? Arguments)[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return ThenToolCalls(calls.Select(c => new ScriptedToolCall(c.Name, c.Arguments)).ToArray());
    }

    /// <summary>Adds a step that asks for tool calls with the given call ids.</summary>
    /// <param name="calls">Each call's tool name, arguments (an object, or a raw JSON string) and id.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenToolCalls(params (string Name, object? Arguments, string CallId)[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return ThenToolCalls(calls.Select(c => new ScriptedToolCall(c.Name, c.Arguments, c.CallId)).ToArray());
    }

    /// <summary>Adds a step that asks for tool calls.</summary>
    /// <param name="calls">The calls.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenToolCalls(params ScriptedToolCall[] calls) => AddToolCalls(null, calls);

    /// <summary>Adds a step that says something and asks for tool calls in the same message.</summary>
    /// <param name="text">The text before the calls.</param>
    /// <param name="calls">The calls.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenTextAndToolCalls(string text, params ScriptedToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AddToolCalls(text, calls);
    }

    private ScriptedChatClient AddToolCalls(string? text, ScriptedToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Length == 0)
        {
            throw new ArgumentException("A tool-call step needs at least one call.", nameof(calls));
        }
        foreach (var call in calls)
        {
            ArgumentNullException.ThrowIfNull(call);
            ArgumentException.ThrowIfNullOrEmpty(call.Name, nameof(calls));
        }
        return Add(new Step((_, _, client, _) =>
        {
            var contents = new List<AIContent>();
            if (!string.IsNullOrEmpty(text))
            {
                contents.Add(new TextContent(text));
            }
            contents.AddRange(calls.Select(c => c.ToContent(c.CallId ?? client.NextCallId())));
            var message = new ChatMessage(ChatRole.Assistant, contents);
            return Task.FromResult(new ChatResponse(message) { FinishReason = ChatFinishReason.ToolCalls });
        })
        { Describe = "tool calls " + string.Join(", ", calls.Select(c => c.Name)) });
    }

    /// <summary>Adds a step that throws <paramref name="exception"/> (to test how the agent handles a failing model).</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient ThenThrow(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Add(new Step((_, _, _, _) => Task.FromException<ChatResponse>(exception)) { Describe = "an exception" });
    }

    /// <summary>Sets the usage reported by the step added last.</summary>
    /// <param name="inputTokens">Input (prompt) tokens.</param>
    /// <param name="outputTokens">Output (completion) tokens.</param>
    /// <param name="cachedInputTokens">Cached input tokens, if any.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WithUsage(long inputTokens, long outputTokens, long? cachedInputTokens = null) =>
        WithUsage(new UsageDetails
        {
            InputTokenCount = inputTokens,
            OutputTokenCount = outputTokens,
            TotalTokenCount = inputTokens + outputTokens,
            CachedInputTokenCount = cachedInputTokens,
        });

    /// <summary>Sets the usage reported by the step added last.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WithUsage(UsageDetails usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        LastStep().Usage = usage;
        return this;
    }

    /// <summary>Makes the step added last wait before answering, on <see cref="TimeProvider"/>; the wait honours the call's cancellation token.</summary>
    /// <param name="delay">The wait.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WithDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        LastStep().Delay = delay;
        return this;
    }

    /// <summary>
    /// Makes the step added last, when streamed, wait before each piece after the first, on <see cref="TimeProvider"/>
    /// (a model writing its answer slowly); the waits honour the call's cancellation token. Non-streaming calls do not wait.
    /// </summary>
    /// <param name="delay">The wait between pieces.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WithChunkDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        LastStep().ChunkDelay = delay;
        return this;
    }

    /// <summary>Sets the finish reason of the step added last (by default: tool calls when it has any, else stop).</summary>
    /// <param name="finishReason">The finish reason.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WithFinishReason(ChatFinishReason finishReason)
    {
        LastStep().FinishReason = finishReason;
        return this;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return RespondAsync(messages, options, streaming: false, cancellationToken);
    }

    /// <summary>
    /// Streams the step's response: each text content in word-sized pieces, then the other contents, then a last
    /// update with the finish reason and the usage (as <see cref="UsageContent"/>); <see cref="WithChunkDelay"/> spaces the pieces out. <c>ToChatResponse()</c> on the
    /// updates gives back the same text, calls, finish reason and usage.
    /// </summary>
    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var (response, chunkDelay) = await RespondCoreAsync(messages, options, streaming: true, cancellationToken).ConfigureAwait(false);

        var first = true;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextContent text)
                {
                    foreach (var piece in SplitWords(text.Text))
                    {
                        await PauseAsync(first, chunkDelay, cancellationToken).ConfigureAwait(false);
                        first = false;
                        yield return NewUpdate(response, message, new TextContent(piece));
                    }
                }
                else
                {
                    await PauseAsync(first, chunkDelay, cancellationToken).ConfigureAwait(false);
                    first = false;
                    yield return NewUpdate(response, message, content);
                }
            }
        }

        var last = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = response.ResponseId,
            MessageId = response.Messages.LastOrDefault()?.MessageId,
            ModelId = response.ModelId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
        };
        if (response.Usage is { } usage)
        {
            last.Contents.Add(new UsageContent(usage));
        }
        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }
        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("scripted", null, ModelId);
        }
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing.</summary>
    public void Dispose()
    {
    }

    internal string NextCallId() => "call_" + Interlocked.Increment(ref _callIds);

    private ScriptedChatClient Add(Step step)
    {
        lock (_gate)
        {
            _steps.Add(step);
        }
        return this;
    }

    private Step LastStep()
    {
        lock (_gate)
        {
            return _steps.Count > _next ? _steps[^1] : throw new InvalidOperationException("Add a step (Then..., ThenText, ThenToolCalls ...) before adjusting it.");
        }
    }

    private Task PauseAsync(bool first, TimeSpan chunkDelay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return first || chunkDelay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(chunkDelay, _time, cancellationToken);
    }

    private async Task<ChatResponse> RespondAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, CancellationToken cancellationToken)
        => (await RespondCoreAsync(messages, options, streaming, cancellationToken).ConfigureAwait(false)).Response;

    private async Task<(ChatResponse Response, TimeSpan ChunkDelay)> RespondCoreAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming,
                                                                                      CancellationToken cancellationToken)
    {
        var snapshot = messages.Select(Snapshot).ToList();
        var optionsSnapshot = options?.Clone();
        Step? step;
        ScriptedRequest request;
        int index;
        lock (_gate)
        {
            request = new ScriptedRequest(_requests.Count, snapshot, optionsSnapshot, streaming);
            _requests.Add(request);
            step = _next < _steps.Count ? _steps[_next] : null;
            index = _next;
            if (step is not null)
            {
                _next++;
            }
        }

        if (step is null)
        {
            throw new InvalidOperationException($"ScriptedChatClient: script exhausted after {index} response(s); last request: {request}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (step.Delay > TimeSpan.Zero)
        {
            await Task.Delay(step.Delay, _time, cancellationToken).ConfigureAwait(false);
        }

        var response = await step.Respond(snapshot, optionsSnapshot, this, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"ScriptedChatClient: step {index + 1} ({step.Describe}) returned no response.");

        response.ResponseId ??= $"scripted-{index + 1}";
        response.ModelId ??= ModelId;
        response.CreatedAt ??= DateTimeOffset.UtcNow;
        response.Usage = step.Usage ?? response.Usage ?? Copy(DefaultUsage);
        response.FinishReason = step.FinishReason ?? response.FinishReason
            ?? (response.Messages.SelectMany(m => m.Contents).Any(c => c is FunctionCallContent) ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop);
        foreach (var message in response.Messages)
        {
            message.MessageId ??= response.ResponseId;
        }
        return (response, step.ChunkDelay);
    }

    private static ChatMessage Snapshot(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = message.Clone();
        copy.Contents = [.. message.Contents];
        return copy;
    }

    private static UsageDetails? Copy(UsageDetails? usage)
    {
        if (usage is null)
        {
            return null;
        }
        var copy = new UsageDetails();
        copy.Add(usage);
        return copy;
    }

    private static ChatResponseUpdate NewUpdate(ChatResponse response, ChatMessage message, AIContent content) => new()
    {
        Role = message.Role,
        AuthorName = message.AuthorName,
        ResponseId = response.ResponseId,
        MessageId = message.MessageId,
        ModelId = response.ModelId,
        CreatedAt = response.CreatedAt,
        Contents = [content],
    };

    /// <summary>Splits text into pieces that each start with the whitespace before a word, so they concatenate back exactly.</summary>
    internal static IEnumerable<string> SplitWords(string text)
    {
        if (text.Length == 0)
        {
            yield break;
        }
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                yield return text[start..i];
                start = i;
            }
        }
        yield return text[start..];
    }

    private sealed class Step(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ScriptedChatClient, CancellationToken, Task<ChatResponse>> respond)
    {
        public Func<IReadOnlyList<ChatMessage>, ChatOptions?, ScriptedChatClient, CancellationToken, Task<ChatResponse>> Respond { get; } = respond;

        public string Describe { get; init; } = "";

        public UsageDetails? Usage { get; set; }

        public TimeSpan Delay { get; set; }

        public TimeSpan ChunkDelay { get; set; }

        public ChatFinishReason? FinishReason { get; set; }
    }
}
