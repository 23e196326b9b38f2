using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>One request a <see cref="ScriptedChatClient"/> received, as it was at the time of the call.</summary>
/// <param name="Index">The request's position, from 0.</param>
/// <param name="Messages">A snapshot of the messages sent (copies of the messages, so later changes by the caller don't show).</param>
/// <param name="Options">A clone of the options sent, or <see langword="null"/>.</param>
/// <param name="IsStreaming">Whether it came through <see cref="IChatClient.GetStreamingResponseAsync"/>.</param>
public sealed record ScriptedRequest(int Index, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool IsStreaming)
{
    /// <summary>The names of the tools offered with the request (functions only).</summary>
    public IReadOnlyList<string> ToolNames => Options?.Tools?.Select(t => t.Name).ToList() ?? [];

    /// <summary>The last message sent, or <see langword="null"/> when there were none.</summary>
    public ChatMessage? LastMessage => Messages.Count == 0 ? null : Messages[^1];

    /// <summary>All <see cref="FunctionResultContent"/>s in the request, in order (what the tools returned).</summary>
    public IReadOnlyList<FunctionResultContent> ToolResults => Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();

    /// <summary>A one-line description for failure messages.</summary>
    public override string ToString()
    {
        var last = LastMessage;
        var lastText = last is null ? "(none)" : $"{last.Role}: {Describe(last)}";
        var tools = ToolNames.Count == 0 ? "no tools" : "tools [" + string.Join(", ", ToolNames) + "]";
        return $"request #{Index + 1}{(IsStreaming ? " (streaming)" : "")} with {Messages.Count} message(s), {tools}; last message {lastText}";
    }

    private static string Describe(ChatMessage message)
    {
        var parts = new List<string>();
        foreach (var content in message.Contents)
        {
            parts.Add(content switch
            {
                TextContent text => Quote(text.Text),
                FunctionCallContent call => $"call {call.CallId} {call.Name}",
                FunctionResultContent result => $"result {result.CallId} = {Quote(result.Result?.ToString() ?? "null")}",
                _ => content.GetType().Name,
            });
        }
        return parts.Count == 0 ? "(empty)" : string.Join("; ", parts);
    }

    private static string Quote(string text) => "\"" + (text.Length > 200 ? text[..200] + "..." : text) + "\"";
}
