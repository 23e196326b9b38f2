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
    /// The time allowed for one HTTP attempt to bring its response, and for each read of a streamed response
    /// (<see langword="null"/>: <see cref="DefaultNetworkTimeout"/>, the OpenAI package's default). An attempt that
    /// times out counts as a transient failure. Measured by <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan? NetworkTimeout { get; set; }

    /// <summary>The network timeout when <see cref="NetworkTimeout"/> is not set: 100 seconds.</summary>
    public static TimeSpan DefaultNetworkTimeout { get; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The clock that every wait and timeout of the client runs on: the waits between retries (computed back-off and
    /// the server's <c>retry-after-ms</c> / <c>Retry-After</c>, including an HTTP date, read against
    /// <see cref="System.TimeProvider.GetUtcNow"/>), and the <see cref="NetworkTimeout"/> of each attempt and of each read
    /// of a stream. Default <see cref="System.TimeProvider.System"/>.
    /// </summary>
    /// <remarks>
    /// Tests give a fake clock (such as <c>FakeTimeProvider</c> from <c>Microsoft.Extensions.TimeProvider.Testing</c>)
    /// to check waits exactly, without sleeping:
    /// <code>
    /// var clock = new FakeTimeProvider();
    /// var client = new OpenAIChatClient(new OpenAIChatClientOptions { BaseUrl = server, Model = "m", TimeProvider = clock });
    /// var call = client.GetResponseAsync("hi");   // the server answers 429 with Retry-After: 1
    /// clock.Advance(TimeSpan.FromSeconds(1));     // now, and not before, the request is sent again
    /// </code>
    /// Cancellation through the caller's token is immediate whatever the clock.
    /// </remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

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
