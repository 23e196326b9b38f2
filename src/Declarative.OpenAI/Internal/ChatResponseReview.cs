using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// The few changes made to what the Microsoft.Extensions.AI.OpenAI adapter returns: tool-call arguments settled by
/// <see cref="SettleArguments"/>, a total token count where the server sent none, and <c>system_fingerprint</c>
/// kept in <see cref="ChatResponse.AdditionalProperties"/>.
/// </summary>
internal static class ChatResponseReview
{
    public static ChatResponse Review(ChatResponse response)
    {
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent { RawRepresentation: OpenAIChat.ChatToolCall toolCall } call)
                {
                    SettleArguments(call, toolCall.FunctionArguments?.ToString());
                }
            }
        }
        CompleteTotal(response.Usage);
        if (response.RawRepresentation is OpenAIChat.ChatCompletion completion)
        {
            if (completion.SystemFingerprint is { Length: > 0 } fingerprint)
            {
                (response.AdditionalProperties ??= [])["system_fingerprint"] = fingerprint;
            }
#pragma warning disable SCME0001 // JsonPatch is experimental; it holds the fields the package does not model.
            if (completion.Patch.TryGetValue(ServerQuirks.OriginalFinishReasonPath, out string? original) && original is not null)
#pragma warning restore SCME0001
            {
                response.FinishReason = new ChatFinishReason(original);
            }
        }
        return response;
    }

    /// <summary>
    /// Settles a call the adapter has parsed against the arguments text as the model sent it, so that its arguments
    /// are either a usable object or a clear, non-throwing error.
    /// </summary>
    /// <remarks>
    /// The adapter already returns unparseable arguments as <see cref="FunctionCallContent.Exception"/> with
    /// <see cref="FunctionCallContent.Arguments"/> <see langword="null"/>. On top of that, by the core's
    /// <see cref="ToolCallArguments.Parse"/>: empty arguments (sent by some servers for a tool without parameters)
    /// mean no arguments rather than an error; valid JSON that is not an object (<c>null</c>, an array, a string) is
    /// an error too; and the raw text and the reason are kept under <see cref="ToolCallArguments.RawArgumentsKey"/>
    /// and <see cref="ToolCallArguments.ArgumentsErrorKey"/>, which the runtime hands to the tool's generated reader
    /// so the model hears exactly what was wrong. The call is changed in place: it keeps the adapter's
    /// <see cref="AIContent.RawRepresentation"/>.
    /// </remarks>
    internal static void SettleArguments(FunctionCallContent call, string? raw)
    {
        if (!string.IsNullOrWhiteSpace(raw) && call.Arguments is not null && call.Exception is null)
        {
            return; // a JSON object, parsed by the adapter
        }

        // Also where the adapter failed but the text is an object after all (its parser is stricter about some
        // edges, such as duplicate names).
        var settled = ToolCallArguments.Parse(call.CallId, call.Name, raw);
        var adapterFailure = call.Exception?.InnerException ?? call.Exception;
        call.Arguments = settled.Arguments;
        call.Exception = settled.Exception is { } unusable && adapterFailure is not null
            ? new InvalidDataException(unusable.Message, adapterFailure)
            : settled.Exception;
        if (settled.AdditionalProperties is { } properties)
        {
            call.AdditionalProperties ??= [];
            foreach (var (key, value) in properties)
            {
                call.AdditionalProperties[key] = value;
            }
        }
    }

    /// <summary>Servers that omit <c>total_tokens</c> leave the package's count at 0.</summary>
    internal static void CompleteTotal(UsageDetails? usage)
    {
        if (usage is { TotalTokenCount: null or 0 } && (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0) is > 0 and var total)
        {
            usage.TotalTokenCount = total;
        }
    }
}

/// <summary>
/// Reviews a stream of updates from the adapter: keeps each tool call's arguments text as it arrives in fragments
/// (the adapter assembles the calls but not their raw text), settles the calls when the adapter yields them, and
/// turns an <c>{"error": ...}</c> event, which the package would read as an empty chunk, into an exception.
/// </summary>
internal sealed class StreamReview(Uri? endpoint)
{
    private readonly Dictionary<int, (string? Id, StringBuilder Text)> _arguments = [];
    private ChatFinishReason? _originalFinishReason;

    public void Review(ChatResponseUpdate update)
    {
        if (update.RawRepresentation is OpenAIChat.StreamingChatCompletionUpdate raw)
        {
            ThrowIfError(raw);
#pragma warning disable SCME0001 // JsonPatch is experimental; it holds the fields the package does not model.
            if (raw.Patch.TryGetValue(ServerQuirks.OriginalFinishReasonPath, out string? original) && original is not null)
#pragma warning restore SCME0001
            {
                _originalFinishReason = new ChatFinishReason(original);
            }
            foreach (var fragment in raw.ToolCallUpdates)
            {
                if (!_arguments.TryGetValue(fragment.Index, out var entry))
                {
                    entry = (null, new StringBuilder());
                }
                entry.Id ??= fragment.ToolCallId;
                if (fragment.FunctionArgumentsUpdate is { } text && !text.IsEmpty)
                {
                    entry.Text.Append(text.ToString());
                }
                _arguments[fragment.Index] = entry;
            }
        }

        if (_originalFinishReason is { } reason && update.FinishReason is not null)
        {
            update.FinishReason = reason; // the adapter repeats the first finish reason it saw
        }

        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call when RawArguments(call.CallId) is { } text:
                    ChatResponseReview.SettleArguments(call, text);
                    break;
                case UsageContent usage:
                    ChatResponseReview.CompleteTotal(usage.Details);
                    break;
            }
        }
    }

    private string? RawArguments(string callId)
    {
        foreach (var (id, text) in _arguments.Values)
        {
            if (id == callId)
            {
                return text.ToString();
            }
        }
        return null;
    }

    private void ThrowIfError(OpenAIChat.StreamingChatCompletionUpdate raw)
    {
#pragma warning disable SCME0001 // JsonPatch is experimental; it holds the fields the package does not model.
        if (raw.Patch.Contains("$.error"u8))
        {
            var error = raw.Patch.GetJson("$.error"u8);
#pragma warning restore SCME0001
            using var document = JsonDocument.Parse($$"""{"error":{{error}}}""");
            throw ChatFailures.ServerReported(endpoint, document.RootElement.Clone());
        }
    }
}
