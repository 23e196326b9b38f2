using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Declarative.OpenAI.Internal;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Declarative.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for OpenAI's Chat Completions API and the servers that copy it (Ollama, vLLM,
/// LM Studio, ...): the Microsoft.Extensions.AI.OpenAI adapter
/// (<c>new OpenAIClient(...).GetChatClient(model).AsIChatClient()</c>) with what Declarative adds on top.
/// </summary>
/// <remarks>
/// <para>
/// The adapter writes the requests and reads the responses and streams. This client adds:
/// </para>
/// <list type="bullet">
/// <item><description><b>Configuration</b> from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c> and <c>OPENAI_MODEL</c>
/// (<see cref="FromEnvironment(string?)"/>), keyless local servers, and <c>max_tokens</c> for servers other than
/// api.openai.com (<see cref="OpenAIChatClientOptions.UseMaxCompletionTokens"/>).</description></item>
/// <item><description><b>Strict tools</b>: functions carrying <see cref="OpenAIPropertyNames.StrictParametersSchema"/>
/// (Declarative's generated tools do) are sent with <c>"strict": true</c> and that schema when
/// <see cref="OpenAIChatClientOptions.UseStrictToolSchemas"/> is on; every other function is sent non-strict with its
/// schema exactly as given.</description></item>
/// <item><description><b>Tool calls with unusable arguments never throw.</b> Such a call comes back with
/// <see cref="FunctionCallContent.Arguments"/> <see langword="null"/>, an <see cref="InvalidDataException"/> in
/// <see cref="FunctionCallContent.Exception"/> (tool, call id, reason, raw text), and the raw text and reason under
/// <see cref="OpenAIPropertyNames.RawArguments"/> and <see cref="OpenAIPropertyNames.ArgumentsError"/>. Empty arguments
/// mean no arguments. In the history such a call is sent back with <c>{}</c>.</description></item>
/// <item><description><b>Usage</b> as the adapter reads it (input, output, total, cached input from
/// <c>prompt_tokens_details.cached_tokens</c>, reasoning tokens), with the total added where a server leaves it out.</description></item>
/// <item><description><b>Retries</b> by a Polly retry strategy in place of the package's own policy: transient failures
/// (408, 429, 500, 502, 503, 504, connection failures, network time-outs) are retried up to
/// <see cref="OpenAIChatClientOptions.MaxRetries"/> times, waiting as the server asks (<c>retry-after-ms</c>,
/// <c>Retry-After</c>) or with exponential back-off and jitter, never longer than
/// <see cref="OpenAIChatClientOptions.MaxRetryDelay"/>, and stopping at once when cancelled. A stream is retried only
/// until its response starts.</description></item>
/// <item><description><b>Errors</b>: any other failure, an <c>{"error": ...}</c> body or event in a successful response,
/// or a body that is not JSON throws an <see cref="OpenAIChatException"/> naming the endpoint, the status and the
/// server's own message.</description></item>
/// </list>
/// </remarks>
public sealed class OpenAIChatClient : DelegatingChatClient
{
    private readonly OpenAIChatClientOptions _options;
    private readonly bool _useMaxCompletionTokens;
    private readonly ChatClientMetadata _metadata;
    private readonly Uri _endpoint;

    /// <summary>Creates a client with the given settings.</summary>
    /// <param name="options">The settings; they are copied, so later changes have no effect on this client.</param>
    /// <exception cref="ArgumentException">
    /// The base URL is not an absolute http(s) URL, a retry setting is negative, or the time provider is null.
    /// </exception>
    public OpenAIChatClient(OpenAIChatClientOptions options)
        : this(Setup.Create(options))
    {
    }

    private OpenAIChatClient(Setup setup)
        : base(setup.Inner)
    {
        _options = setup.Options;
        BaseUrl = setup.BaseUrl;
        _endpoint = new Uri(setup.BaseUrl + "/chat/completions");
        _useMaxCompletionTokens = _options.UseMaxCompletionTokens
            ?? string.Equals(BaseUrl.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase);
        _metadata = new ChatClientMetadata("openai", BaseUrl, _options.Model);
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
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var (history, shaped) = Prepare(messages, options);
        var response = await base.GetResponseAsync(history, shaped, cancellationToken).ConfigureAwait(false);
        return ChatResponseReview.Review(response);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var (history, shaped) = Prepare(messages, options);
        var review = new StreamReview(_endpoint);
        await foreach (var update in base.GetStreamingResponseAsync(history, shaped, cancellationToken).ConfigureAwait(false))
        {
            review.Review(update);
            yield return update;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
    }

    private (IEnumerable<ChatMessage> History, ChatOptions? Options) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (NullIfBlank(options?.ModelId) is null && NullIfBlank(_options.Model) is null)
        {
            throw new InvalidOperationException(
                "No model is set: give OpenAIChatClientOptions.Model (or OPENAI_MODEL), or ChatOptions.ModelId for the call.");
        }
        var strict = ReadStrict(options);
        var settings = new RequestSettings(
            StrictTools: strict ?? _options.UseStrictToolSchemas,
            StrictResponse: strict ?? _options.UseStrictResponseSchemas,
            _useMaxCompletionTokens);
        return (ChatRequestShaping.ShapeHistory(messages), ChatRequestShaping.ShapeOptions(options, settings));
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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The settings checked and copied, and the adapter built from them.</summary>
    private sealed record Setup(OpenAIChatClientOptions Options, Uri BaseUrl, IChatClient Inner)
    {
        public static Setup Create(OpenAIChatClientOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            options = options.Clone();
            ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options) + "." + nameof(options.MaxRetries));
            if (options.InitialRetryDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
            {
                throw new ArgumentException("Retry delays cannot be negative.", nameof(options));
            }
            if (options.TimeProvider is null)
            {
                throw new ArgumentException("The time provider cannot be null; the default is TimeProvider.System.", nameof(options));
            }

            var baseUrl = options.BaseUrl ?? OpenAIChatClientOptions.DefaultBaseUrl;
            if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The base URL must be an absolute http or https URL, but is '{baseUrl}'.", nameof(options));
            }
            // The package appends "/chat/completions" to the endpoint; a trailing slash would double it.
            baseUrl = new Uri(baseUrl.ToString().TrimEnd('/'));

            var clientOptions = new OpenAIClientOptions
            {
                Endpoint = baseUrl,
                RetryPolicy = new TransientRetryPolicy(
                    options.MaxRetries,
                    options.InitialRetryDelay,
                    options.MaxRetryDelay,
                    options.NetworkTimeout ?? OpenAIChatClientOptions.DefaultNetworkTimeout,
                    options.TimeProvider),
                // The retry policy keeps the network timeout, on the configured clock; the package's own runs on the
                // system clock, so it is turned off.
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            };
            if (options.HttpClient is { } httpClient)
            {
                clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
            }
            if (string.IsNullOrEmpty(options.ApiKey))
            {
                clientOptions.AddPolicy(new RemoveAuthorizationPolicy(), PipelinePosition.BeforeTransport);
            }

            // The package needs a model to build its client; a call with no model of its own is refused before it is sent.
            var model = NullIfBlank(options.Model) ?? "unspecified";
            var credential = new ApiKeyCredential(options.ApiKey is { Length: > 0 } key ? key : "unused");
            var inner = new OpenAIClient(credential, clientOptions).GetChatClient(model).AsIChatClient();
            return new Setup(options, baseUrl, inner);
        }
    }

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
