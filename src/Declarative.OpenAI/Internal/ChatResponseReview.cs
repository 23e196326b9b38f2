using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// The few changes made to what the Microsoft.Extensions.AI.OpenAI adapter returns: tool-call arguments settled by
/// <see cref="ToolCallArguments"/>, a total token count where the server sent none, and <c>system_fingerprint</c>
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
                    ToolCallArguments.Settle(call, toolCall.FunctionArguments?.ToString());
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
                    ToolCallArguments.Settle(call, text);
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
