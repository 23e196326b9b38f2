using System.Net;

namespace Declarative.OpenAI;

/// <summary>
/// A Chat Completions call failed: the server answered with an error status, or could not be reached,
/// after any retries the failure allowed.
/// </summary>
/// <remarks>
/// The message names the status and repeats the server's own error message (from the OpenAI error body
/// <c>{"error":{"message","type","code","param"}}</c>, or the raw body when it is not in that shape).
/// </remarks>
public sealed class OpenAIChatException : HttpRequestException
{
    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no response arrived.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public OpenAIChatException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
    }

    /// <summary>The server's error message (<c>error.message</c>), or its raw response body when it sent no such field.</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The server's error type (<c>error.type</c>, for example <c>invalid_request_error</c>), if given.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The server's error code (<c>error.code</c>, for example <c>invalid_api_key</c>), if given.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The request parameter the server blamed (<c>error.param</c>), if given.</summary>
    public string? ErrorParameter { get; init; }

    /// <summary>The raw response body, if a response arrived.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>How many HTTP attempts were made before giving up (1 when the failure was not retryable).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Whether the failure was of a transient kind (rate limit, server error, connection failure) that was retried
    /// until <see cref="OpenAIChatClientOptions.MaxRetries"/> ran out.
    /// </summary>
    public bool IsTransient { get; init; }
}
