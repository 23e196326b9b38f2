using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Declarative.OpenAI.Internal;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAIChat = OpenAI.Chat;

namespace Declarative.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for OpenAI's Chat Completions API and the servers that copy it (Ollama, vLLM,
/// LM Studio, ...), built on the official OpenAI package's <see cref="OpenAIChat.ChatClient"/>.
/// </summary>
/// <remarks>
/// <para>
/// The request body is written here, field by field, and sent through the package's protocol method, so the JSON on
/// the wire is exactly the Chat Completions format: <c>messages</c> (system, user, assistant with <c>tool_calls</c>,
/// one <c>tool</c> message per <see cref="FunctionResultContent"/> with its <c>tool_call_id</c>), <c>tools</c>
/// (strict where asked and possible, see <see cref="OpenAIChatClientOptions.UseStrictToolSchemas"/>),
/// <c>tool_choice</c>, <c>parallel_tool_calls</c>, sampling settings and <c>response_format</c>.
/// </para>
/// <para>
/// <b>Tool calls with unusable arguments never throw.</b> The API sends arguments as a JSON string the model wrote,
/// which may be malformed or not an object. Such a call becomes a <see cref="FunctionCallContent"/> whose
/// <see cref="FunctionCallContent.Arguments"/> is <see langword="null"/>, whose <see cref="FunctionCallContent.Exception"/>
/// is an <see cref="InvalidDataException"/> (message: tool, call id, reason, raw text), and whose
/// <c>AdditionalProperties</c> carry the raw text under <see cref="OpenAIPropertyNames.RawArguments"/> and the reason
/// under <see cref="OpenAIPropertyNames.ArgumentsError"/>. Empty arguments mean no arguments (an empty dictionary).
/// When such a call is sent back in the history, its raw text is sent as it was received.
/// </para>
/// <para>
/// <b>Usage</b>: <c>prompt_tokens</c> → <see cref="UsageDetails.InputTokenCount"/>, <c>completion_tokens</c> →
/// <see cref="UsageDetails.OutputTokenCount"/>, <c>total_tokens</c> → <see cref="UsageDetails.TotalTokenCount"/>,
/// <c>prompt_tokens_details.cached_tokens</c> → <see cref="UsageDetails.CachedInputTokenCount"/>,
/// <c>completion_tokens_details.reasoning_tokens</c> → <see cref="UsageDetails.ReasoningTokenCount"/>. When streaming,
/// usage arrives as a <see cref="UsageContent"/> in the last update.
/// </para>
/// <para>
/// <b>Retries</b>: the package's own retry policy is switched off and replaced by one that retries transient failures
/// (408, 429, 5xx gateway/server errors, connection failures, network time-outs) up to
/// <see cref="OpenAIChatClientOptions.MaxRetries"/> times, waiting as the server asks (<c>retry-after-ms</c>,
/// <c>Retry-After</c>) or with exponential back-off and jitter, never longer than
/// <see cref="OpenAIChatClientOptions.MaxRetryDelay"/>, and stopping at once when cancelled. Any other failure throws
/// an <see cref="OpenAIChatException"/> naming the status and the server's error message. A stream is retried only
/// until its response starts.
/// </para>
/// </remarks>
public sealed class OpenAIChatClient : IChatClient
{
    private readonly OpenAIChatClientOptions _options;
    private readonly OpenAIChat.ChatClient _chatClient;
    private readonly string _endpoint;
    private readonly bool _useMaxCompletionTokens;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client with the given settings.</summary>
    /// <param name="options">The settings; they are copied, so later changes have no effect on this client.</param>
    /// <exception cref="ArgumentException">The base URL is not an absolute http(s) URL, or a retry setting is negative.</exception>
    public OpenAIChatClient(OpenAIChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries, nameof(options) + "." + nameof(options.MaxRetries));
        if (_options.InitialRetryDelay < TimeSpan.Zero || _options.MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Retry delays cannot be negative.", nameof(options));
        }

        var baseUrl = _options.BaseUrl ?? OpenAIChatClientOptions.DefaultBaseUrl;
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The base URL must be an absolute http or https URL, but is '{baseUrl}'.", nameof(options));
        }
        // The package appends "/chat/completions" to the endpoint; a trailing slash would double it.
        baseUrl = new Uri(baseUrl.ToString().TrimEnd('/'));
        BaseUrl = baseUrl;
        _endpoint = baseUrl + "/chat/completions";
        _useMaxCompletionTokens = _options.UseMaxCompletionTokens ?? string.Equals(baseUrl.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase);

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            // Retries are done by this client, which honours Retry-After and cancellation on its own terms.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (_options.NetworkTimeout is { } timeout)
        {
            clientOptions.NetworkTimeout = timeout;
        }
        if (_options.HttpClient is { } httpClient)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        if (string.IsNullOrEmpty(_options.ApiKey))
        {
            clientOptions.AddPolicy(new RemoveAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        // The model given here is only used by the package's convenience methods; requests written here name their own.
        var model = string.IsNullOrWhiteSpace(_options.Model) ? "unspecified" : _options.Model;
        _chatClient = new OpenAIChat.ChatClient(model, new ApiKeyCredential(_options.ApiKey is { Length: > 0 } key ? key : "unused"), clientOptions);
        _metadata = new ChatClientMetadata("openai", baseUrl, _options.Model);
    }

    /// <summary>The API root requests go to (<c>{BaseUrl}/chat/completions</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The model used when a call names none, if any.</summary>
    public string? DefaultModel => _options.Model;

    /// <summary>
    /// Creates a client from the environment: <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c> (for a compatible server such
    /// as Ollama's <c>http://localhost:11434/v1</c>) and <c>OPENAI_MODEL</c>.
    /// </summary>
    /// <param name="model">The default model; when <see langword="null"/>, <c>OPENAI_MODEL</c>.</param>
    /// <returns>A client for the configured endpoint.</returns>
    /// <exception cref="InvalidOperationException">
    /// Neither <c>OPENAI_API_KEY</c> nor <c>OPENAI_BASE_URL</c> is set, or <c>OPENAI_BASE_URL</c> is not an absolute http(s) URL.
    /// </exception>
    public static OpenAIChatClient FromEnvironment(string? model = null) =>
        FromEnvironment(model, Environment.GetEnvironmentVariable);

    internal static OpenAIChatClient FromEnvironment(string? model, Func<string, string?> getVariable)
    {
        var apiKey = NullIfBlank(getVariable("OPENAI_API_KEY"));
        var baseUrlText = NullIfBlank(getVariable("OPENAI_BASE_URL"));
        model = NullIfBlank(model) ?? NullIfBlank(getVariable("OPENAI_MODEL"));

        if (apiKey is null && baseUrlText is null)
        {
            throw new InvalidOperationException(
                "No OpenAI-compatible endpoint is configured. Set OPENAI_API_KEY to use api.openai.com, or OPENAI_BASE_URL " +
                "for a compatible server (for example http://localhost:11434/v1 for Ollama); set OPENAI_MODEL to choose the model.");
        }

        Uri? baseUrl = null;
        if (baseUrlText is not null
            && (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"OPENAI_BASE_URL must be an absolute http or https URL (for example http://localhost:11434/v1), but is '{baseUrlText}'.");
        }

        return new OpenAIChatClient(new OpenAIChatClientOptions { ApiKey = apiKey, BaseUrl = baseUrl, Model = model });
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = ChatRequestWriter.Write(messages, options, Settings(options, stream: false));
        using var response = await SendAsync(body, stream: false, cancellationToken).ConfigureAwait(false);
        return ChatResponseReader.Read(response.Content.ToMemory(), _endpoint);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = ChatRequestWriter.Write(messages, options, Settings(options, stream: true));
        using var response = await SendAsync(body, stream: true, cancellationToken).ConfigureAwait(false);

        if (response.Headers.TryGetValue("Content-Type", out var contentType) && contentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The server ignored "stream": true and sent a whole completion.
            var content = await response.BufferContentAsync(cancellationToken).ConfigureAwait(false);
            foreach (var update in ChatResponseReader.Read(content.ToMemory(), _endpoint).ToChatResponseUpdates())
            {
                yield return update;
            }
            yield break;
        }

        var stream = response.ContentStream ?? Stream.Null;
        await foreach (var update in new StreamingReader(_endpoint).ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
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
            return _metadata;
        }
        if (serviceType == typeof(OpenAIChat.ChatClient))
        {
            return _chatClient;
        }
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the client holds no resources of its own (a given <see cref="HttpClient"/> is not disposed).</summary>
    public void Dispose()
    {
    }

    private RequestSettings Settings(ChatOptions? options, bool stream)
    {
        var model = NullIfBlank(options?.ModelId) ?? NullIfBlank(_options.Model)
            ?? throw new InvalidOperationException(
                "No model is set: give OpenAIChatClientOptions.Model (or OPENAI_MODEL), or ChatOptions.ModelId for the call.");
        var strict = ReadStrict(options);
        return new RequestSettings(
            model,
            StrictTools: strict ?? _options.UseStrictToolSchemas,
            StrictResponse: strict ?? _options.UseStrictResponseSchemas,
            _useMaxCompletionTokens,
            stream);
    }

    private static bool? ReadStrict(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(OpenAIPropertyNames.Strict, out var value) != true)
        {
            return null;
        }
        return value switch
        {
            bool flag => flag,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            string text when bool.TryParse(text, out var parsed) => parsed,
            _ => null,
        };
    }

    private async Task<PipelineResponse> SendAsync(BinaryData body, bool stream, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var requestOptions = new RequestOptions
            {
                CancellationToken = cancellationToken,
                ErrorOptions = ClientErrorBehaviors.NoThrow,
                BufferResponse = !stream,
            };

            PipelineResponse? response = null;
            Exception? failure = null;
            try
            {
                var result = await _chatClient.CompleteChatAsync(BinaryContent.Create(body), requestOptions).ConfigureAwait(false);
                response = result.GetRawResponse();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (IsConnectionFailure(exception))
            {
                failure = exception;
            }

            if (response is { Status: >= 200 and < 300 })
            {
                return response;
            }

            var transient = response is null || RetryTiming.IsTransient(response.Status, response.Headers);
            if (!transient || attempt > _options.MaxRetries)
            {
                throw await CreateExceptionAsync(response, failure, attempt, transient, cancellationToken).ConfigureAwait(false);
            }

            var delay = RetryTiming.GetDelay(attempt, response?.Headers, _options.InitialRetryDelay, _options.MaxRetryDelay, DateTimeOffset.UtcNow);
            response?.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsConnectionFailure(Exception exception) => exception switch
    {
        ClientResultException { Status: 0 } => true, // the transport got no response
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true, // not ours (that case is filtered before): the network timeout
        _ => false,
    };

    private async Task<OpenAIChatException> CreateExceptionAsync(
        PipelineResponse? response, Exception? failure, int attempts, bool transient, CancellationToken cancellationToken)
    {
        var after = attempts > 1 ? $" after {attempts} attempts" : "";
        if (response is null)
        {
            var reason = failure?.InnerException?.Message is { } inner && failure is ClientResultException ? inner : failure?.Message;
            return new OpenAIChatException($"The request to {_endpoint} failed{after}: no response ({reason}).", null, failure)
            {
                Attempts = attempts,
                IsTransient = true,
            };
        }

        using (response)
        {
            string body;
            try
            {
                body = (await response.BufferContentAsync(cancellationToken).ConfigureAwait(false)).ToString();
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or InvalidOperationException)
            {
                body = "";
            }
            var error = ServerError.FromBody(body);
            var status = response.Status;
            var phrase = string.IsNullOrEmpty(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase;
            return new OpenAIChatException(
                $"The request to {_endpoint} failed with HTTP {status}{phrase}{after}: {error.Describe()}",
                (HttpStatusCode)status)
            {
                ServerMessage = error.Message,
                ErrorType = error.Type,
                ErrorCode = error.Code,
                ErrorParameter = error.Param,
                ResponseBody = body,
                Attempts = attempts,
                IsTransient = transient,
            };
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// For servers that need no key: the package insists on a credential, so a placeholder is given and its
    /// <c>Authorization</c> header is taken off again just before the request is sent.
    /// </summary>
    private sealed class RemoveAuthorizationPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
