namespace Declarative.OpenAI;

/// <summary>Settings for an <see cref="OpenAIChatClient"/>.</summary>
/// <remarks>
/// The same client talks to OpenAI itself and to any server that speaks the Chat Completions API
/// (Ollama, vLLM, LM Studio, llama.cpp, ...): point <see cref="BaseUrl"/> at the server's <c>/v1</c> root.
/// </remarks>
public sealed class OpenAIChatClientOptions
{
    /// <summary>The default endpoint, <c>https://api.openai.com/v1</c>.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.openai.com/v1");

    /// <summary>
    /// The API key, sent as <c>Authorization: Bearer ...</c>. May be <see langword="null"/> for local servers
    /// that need none; then no <c>Authorization</c> header is sent.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The root of the API, up to and including the version segment (for example <c>http://localhost:11434/v1</c>);
    /// requests go to <c>{BaseUrl}/chat/completions</c>. <see langword="null"/> means <see cref="DefaultBaseUrl"/>.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The model used when a call's <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> is not set.
    /// A call with neither fails with an <see cref="InvalidOperationException"/>.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// How many times a transient failure (HTTP 408, 429, 500, 502, 503, 504, a dropped or refused connection,
    /// a network timeout) is retried before the call fails; <c>0</c> disables retries. Default 3.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The first back-off delay when the server gives no <c>Retry-After</c>; it doubles on each further attempt
    /// and is spread by ±25% jitter. Default 500 ms.
    /// </summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest single wait between attempts, whether computed or asked for by the server through
    /// <c>retry-after-ms</c> or <c>Retry-After</c>. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time allowed for one HTTP attempt (<see langword="null"/>: the OpenAI package's default, 100 seconds).
    /// An attempt that times out counts as a transient failure.
    /// </summary>
    public TimeSpan? NetworkTimeout { get; set; }

    /// <summary>
    /// Sends tools with <c>"strict": true</c> (OpenAI's structured outputs for function calling). Only functions that
    /// carry a strict variant of their parameters schema in
    /// <c>AdditionalProperties["declarative.strictParametersSchema"]</c> (a <see cref="System.Text.Json.JsonElement"/>
    /// or a JSON string) are sent strict, with that schema; any other function is sent non-strict with its ordinary
    /// <see cref="Microsoft.Extensions.AI.AIFunctionDeclaration.JsonSchema"/>, because OpenAI rejects a strict tool whose
    /// schema is not closed and fully required. A call can override this with
    /// <c>ChatOptions.AdditionalProperties["strict"] = true</c> or <c>false</c>.
    /// </summary>
    public bool UseStrictToolSchemas { get; set; }

    /// <summary>
    /// Sends a <see cref="Microsoft.Extensions.AI.ChatResponseFormatJson"/> schema with <c>"strict": true</c>. The schema
    /// must then be strict-compatible (every object closed, every property required). A call can override this with
    /// <c>ChatOptions.AdditionalProperties["strict"]</c>.
    /// </summary>
    public bool UseStrictResponseSchemas { get; set; }

    /// <summary>
    /// Which field carries <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/>: <see langword="true"/> for
    /// <c>max_completion_tokens</c> (required by OpenAI's reasoning models), <see langword="false"/> for the older
    /// <c>max_tokens</c> (understood by every compatible server). <see langword="null"/> (the default) picks
    /// <c>max_completion_tokens</c> for api.openai.com and <c>max_tokens</c> for any other server.
    /// </summary>
    public bool? UseMaxCompletionTokens { get; set; }

    /// <summary>
    /// An <see cref="System.Net.Http.HttpClient"/> to send requests with (for proxies, handlers, tests).
    /// The client does not dispose it. <see langword="null"/>: the OpenAI package's shared transport.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Copies these settings, so a client is not affected by later changes to the instance it was given.</summary>
    internal OpenAIChatClientOptions Clone() => (OpenAIChatClientOptions)MemberwiseClone();
}
