using System.Text;
using Microsoft.Extensions.AI;

namespace Declarative.Streaming;

/// <summary>
/// Puts a streamed model call's pieces together into its response. The common case, one assistant message
/// of text, tool calls and usage, is assembled directly; anything else goes through Microsoft.Extensions.AI's
/// <c>ToChatResponse</c>. Either way the response is the one <c>ToChatResponse</c> makes (same message, contents,
/// ids, usage, finish reason, model id); <c>StreamedResponseTests</c> holds the two side by side.
/// </summary>
internal static class StreamedResponse
{
    /// <summary>The response the pieces make up.</summary>
    /// <param name="updates">The pieces, in the order they arrived.</param>
    public static ChatResponse Assemble(List<ChatResponseUpdate> updates)
        => IsPlain(updates) ? AssemblePlain(updates) : updates.ToChatResponse();

    // One message (no author, no change of message id or role), no extra properties, and only contents that
    // ToChatResponse keeps as they are or joins as plain text.
    private static bool IsPlain(List<ChatResponseUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return false;
        }
        string? messageId = null;
        foreach (var update in updates)
        {
            if (update.AuthorName is not null || update.AdditionalProperties is not null || update.ContinuationToken is not null
                || (update.Role is { } role && role != ChatRole.Assistant))
            {
                return false;
            }
            if (update.MessageId is { Length: > 0 } id)
            {
                if (messageId is not null && messageId != id)
                {
                    return false;
                }
                messageId = id;
            }
            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                var content = contents[i];
                var type = content.GetType();
                if (type == typeof(TextContent))
                {
                    if (content.Annotations is { Count: > 0 } || content.AdditionalProperties is not null)
                    {
                        return false;
                    }
                }
                else if (type != typeof(FunctionCallContent) && type != typeof(UsageContent))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static ChatResponse AssemblePlain(List<ChatResponseUpdate> updates)
    {
        var response = new ChatResponse();
        var contents = new List<AIContent>();
        var message = new ChatMessage(ChatRole.Assistant, contents);
        response.Messages.Add(message);
        // A run of texts in a row becomes one text; a text on its own is kept as it is.
        TextContent? runStart = null;
        var runLength = 0;
        StringBuilder? run = null;
        foreach (var update in updates)
        {
            // The first time given is the message's and the response's.
            message.CreatedAt ??= update.CreatedAt;
            response.CreatedAt ??= update.CreatedAt;
            if (update.MessageId is { Length: > 0 } id)
            {
                message.MessageId = id;
            }
            var pieces = update.Contents;
            for (var i = 0; i < pieces.Count; i++)
            {
                switch (pieces[i])
                {
                    case UsageContent usage:
                        (response.Usage ??= new()).Add(usage.Details);
                        break;
                    case TextContent text:
                        if (runLength++ == 0)
                        {
                            runStart = text;
                        }
                        else
                        {
                            if (runLength == 2)
                            {
                                (run ??= new StringBuilder()).Clear().Append(runStart!.Text);
                            }
                            run!.Append(text.Text);
                        }
                        break;
                    default:
                        EndRun(contents, runStart, ref runLength, run);
                        contents.Add(pieces[i]);
                        break;
                }
            }
            if (update.ResponseId is { Length: > 0 } responseId)
            {
                response.ResponseId = responseId;
            }
            if (update.ConversationId is { } conversationId)
            {
                response.ConversationId = conversationId;
            }
            if (update.FinishReason is { } finishReason)
            {
                response.FinishReason = finishReason;
            }
            if (update.ModelId is { } modelId)
            {
                response.ModelId = modelId;
            }
        }
        EndRun(contents, runStart, ref runLength, run);
        return response;
    }

    private static void EndRun(List<AIContent> contents, TextContent? runStart, ref int runLength, StringBuilder? run)
    {
        if (runLength == 1)
        {
            contents.Add(runStart!);
        }
        else if (runLength > 1)
        {
            contents.Add(new TextContent(run!.ToString()));
        }
        runLength = 0;
    }
}
