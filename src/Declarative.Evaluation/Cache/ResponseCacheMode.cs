namespace Declarative.Evaluation;

/// <summary>How a <see cref="ResponseCache"/> is used.</summary>
public enum ResponseCacheMode
{
    /// <summary>Answer from the cache when it has the request; otherwise ask the model and store its response.</summary>
    ReadWrite,

    /// <summary>Answer only from the cache: a request it does not have fails the model call (offline, reproducible CI runs).</summary>
    ReadOnly,

    /// <summary>Always ask the model, and store (replace) its response: re-record a cache.</summary>
    Refresh,
}

/// <summary>A model call that a read-only <see cref="ResponseCache"/> could not answer.</summary>
public sealed class ResponseCacheMissException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The request's key.</param>
    public ResponseCacheMissException(string key)
        : base($"The response cache has no response for this request (key {key}); it is read-only, so nothing asked the model. "
            + "Record it by running once with the cache writable against a model (ResponseCacheMode.ReadWrite), or check what changed in the request: "
            + "the instructions, the messages, the tools' schemas, the model, the options or the repetition.")
        => Key = key;

    /// <summary>The request's key.</summary>
    public string Key { get; }
}
