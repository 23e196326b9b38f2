using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Declarative.OpenAI.Internal;

/// <summary>Turns failed exchanges with the server into <see cref="OpenAIChatException"/>s that name the endpoint, the status and the server's own words.</summary>
internal static class ChatFailures
{
    public static OpenAIChatException NoResponse(Uri? endpoint, Exception failure, int attempts)
    {
        var reason = failure is ClientResultException && failure.InnerException?.Message is { } inner ? inner : failure.Message;
        return new OpenAIChatException($"The request to {endpoint} failed{After(attempts)}: no response ({reason}).", null, failure)
        {
            Attempts = attempts,
            IsTransient = true,
        };
    }

    /// <summary>An error status; the response's content must be buffered (or unreadable, then the body is left out).</summary>
    public static OpenAIChatException FromResponse(PipelineResponse response, Uri? endpoint, int attempts, bool transient)
    {
        string body;
        try
        {
            body = response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            body = "";
        }
        var error = ServerError.FromBody(body);
        var status = response.Status;
        var phrase = string.IsNullOrEmpty(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase;
        return new OpenAIChatException(
            $"The request to {endpoint} failed with HTTP {status}{phrase}{After(attempts)}: {error.Describe()}",
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

    /// <summary>
    /// A successful status whose whole body is not a chat completion: not JSON at all (a proxy's HTML page), or the
    /// <c>{"error": ...}</c> object that some servers and gateways send with a 200. The OpenAI package would report the
    /// first as a bare <see cref="JsonException"/> and the second as an empty or broken completion.
    /// </summary>
    public static void ThrowIfNotACompletion(Uri? endpoint, ReadOnlyMemory<byte> body)
    {
        var shape = Inspect(body.Span);
        if (shape == BodyShape.Completion)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(body.Span);
        if (shape == BodyShape.NotJson)
        {
            throw new OpenAIChatException($"The server at {endpoint} answered with a body that is not JSON: {ServerError.Truncate(text)}")
            {
                ResponseBody = text,
                Attempts = 1,
            };
        }
        if (shape == BodyShape.Error)
        {
            throw ServerReported(endpoint, JsonElement.Parse(text));
        }
        throw new OpenAIChatException(
            $"The server at {endpoint} answered with a body that is not a chat completion (no \"choices\" array): {ServerError.Truncate(text)}")
        {
            ResponseBody = text,
            Attempts = 1,
        };
    }

    /// <summary>An error the server reported inside a successful response (a whole body or one streamed event).</summary>
    public static OpenAIChatException ServerReported(Uri? endpoint, JsonElement root)
    {
        var error = ServerError.FromElement(root);
        return new OpenAIChatException($"The server at {endpoint} reported an error: {error.Describe()}")
        {
            ServerMessage = error.Message,
            ErrorType = error.Type,
            ErrorCode = error.Code,
            ErrorParameter = error.Param,
            ResponseBody = root.GetRawText(),
            Attempts = 1,
        };
    }

    private enum BodyShape
    {
        Completion,
        Error,
        NoChoices,
        NotJson,
    }

    /// <summary>Looks at the top-level properties only, skipping their values; allocates nothing.</summary>
    private static BodyShape Inspect(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                return BodyShape.NotJson;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return reader.Read() ? BodyShape.NotJson : BodyShape.NoChoices;
            }
            var choices = false;
            var error = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                choices |= reader.ValueTextEquals("choices"u8);
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                error |= isError && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String;
                reader.Skip();
            }
            if (reader.Read())
            {
                return BodyShape.NotJson; // something after the object
            }
            return error && !choices ? BodyShape.Error : choices ? BodyShape.Completion : BodyShape.NoChoices;
        }
        catch (JsonException)
        {
            return BodyShape.NotJson;
        }
    }

    private static string After(int attempts) => attempts > 1 ? $" after {attempts} attempts" : "";
}
