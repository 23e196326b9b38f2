using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// Model responses kept by request, so that re-running an unchanged eval asks no model, costs nothing and gives the
/// same results. The key is a hash of the canonical request (<see cref="ComputeKey"/>): the messages, the model,
/// the options that change an answer, the tools' names, descriptions and schemas, and the repetition — so the
/// <c>n</c> repetitions of a case are <c>n</c> recorded answers, not one answer seen <c>n</c> times. A cache in a
/// directory, committed with the dataset, makes the eval reproducible in CI without a model.
/// </summary>
public sealed class ResponseCache
{
    private readonly ConcurrentDictionary<string, ChatResponse> _responses = new(StringComparer.Ordinal);
    private readonly string? _directory;

    private ResponseCache(string? directory) => _directory = directory;

    /// <summary>How the cache is used; default <see cref="ResponseCacheMode.ReadWrite"/>.</summary>
    public ResponseCacheMode Mode { get; init; } = ResponseCacheMode.ReadWrite;

    /// <summary>The directory the cache is kept in, or null for a cache in memory.</summary>
    public string? Directory => _directory;

    /// <summary>A cache in memory, for one process.</summary>
    public static ResponseCache InMemory() => new(null);

    /// <summary>A cache in a directory: one JSON file per request, named by its key; created when missing.</summary>
    /// <param name="path">The directory.</param>
    public static ResponseCache InDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ResponseCache(Path.GetFullPath(path));
    }

    /// <summary>The same cache used another way (e.g. <see cref="ResponseCacheMode.ReadOnly"/> for CI).</summary>
    /// <param name="mode">The mode.</param>
    public ResponseCache WithMode(ResponseCacheMode mode) => new(_directory) { Mode = mode, Shared = Shared ?? _responses };

    // A cache made by WithMode shares the original's responses in memory.
    private ConcurrentDictionary<string, ChatResponse>? Shared { get; init; }

    private ConcurrentDictionary<string, ChatResponse> Responses => Shared ?? _responses;

    /// <summary>Responses held in memory (read or stored by this process).</summary>
    public int Count => Responses.Count;

    /// <summary>The key of a request: a SHA-256 of its canonical form, as 64 hex digits.</summary>
    /// <param name="messages">The messages sent.</param>
    /// <param name="options">The options sent.</param>
    /// <param name="repetition">The repetition of the case, from 1.</param>
    public static string ComputeKey(IEnumerable<ChatMessage> messages, ChatOptions? options, int repetition)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return CanonicalRequest.Key(messages, options, repetition);
    }

    /// <summary>Looks a request's response up.</summary>
    /// <param name="key">The request's key.</param>
    /// <param name="response">A copy of the stored response.</param>
    public bool TryGet(string key, out ChatResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!Responses.TryGetValue(key, out var stored) && (_directory is null || !TryLoad(key, out stored)))
        {
            response = null!;
            return false;
        }
        response = Copy(stored);
        return true;
    }

    /// <summary>Stores a request's response (in memory, and in the directory when there is one).</summary>
    /// <param name="key">The request's key.</param>
    /// <param name="response">The response.</param>
    public void Store(string key, ChatResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(response);
        var copy = Copy(response);
        copy.RawRepresentation = null;
        Responses[key] = copy;
        if (_directory is not null)
        {
            System.IO.Directory.CreateDirectory(_directory);
            var path = FileOf(key);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(copy, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))));
            File.Move(temporary, path, overwrite: true);
        }
    }

    private bool TryLoad(string key, out ChatResponse response)
    {
        var path = FileOf(key);
        if (!File.Exists(path))
        {
            response = null!;
            return false;
        }
        try
        {
            response = (ChatResponse?)JsonSerializer.Deserialize(File.ReadAllText(path), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)))
                ?? throw new JsonException("null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}: not a cached response ({exception.Message}). Delete the file to record it again.", exception);
        }
        response = Responses.GetOrAdd(key, response);
        return true;
    }

    private string FileOf(string key)
    {
        // Keys are hex; anything else would be a path a caller made up.
        if (key.Any(c => !char.IsAsciiHexDigit(c)))
        {
            throw new ArgumentException($"A cache key is hexadecimal: {key}", nameof(key));
        }
        return Path.Combine(_directory!, key + ".json");
    }

    // Runs add a response's messages to their own conversations; each gets its own list (the messages are not changed).
    private static ChatResponse Copy(ChatResponse response) => new(new List<ChatMessage>(response.Messages))
    {
        ResponseId = response.ResponseId,
        ConversationId = response.ConversationId,
        ModelId = response.ModelId,
        CreatedAt = response.CreatedAt,
        FinishReason = response.FinishReason,
        Usage = response.Usage,
        AdditionalProperties = response.AdditionalProperties,
    };
}
