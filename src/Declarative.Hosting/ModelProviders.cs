namespace Declarative.Hosting;

/// <summary>The names of the model providers <c>Declarative:Models</c> knows without registration.</summary>
public static class ModelProviders
{
    /// <summary>OpenAI itself: <c>ApiKey</c> (or <c>ApiKeyEnvironmentVariable</c>) required; <c>Endpoint</c> optional.</summary>
    public const string OpenAI = "OpenAI";

    /// <summary>A server that speaks the Chat Completions API (Ollama, vLLM, LM Studio): <c>Endpoint</c> required, <c>ApiKey</c> optional.</summary>
    public const string OpenAICompatible = "OpenAICompatible";
}
