using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// Repairs, before the OpenAI package reads them, the few things compatible servers send that the package cannot read
/// at all, where the old hand-written reader coped.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>A <c>finish_reason</c> outside OpenAI's five (DeepSeek's <c>insufficient_system_resource</c>, a
/// gateway's <c>error</c>) makes the package throw and the whole answer is lost. It is sent on as <c>stop</c>, and the
/// server's word kept beside it under <see cref="OriginalFinishReason"/> for <see cref="ChatResponseReview"/> to restore.</description></item>
/// <item><description>In a stream, a tool-call fragment without <c>index</c> (each call sent whole) would be merged into
/// the first call; it is given the index of a new call when its id is new. Arguments sent as a JSON object instead of a
/// string make the package throw; they are turned into the string.</description></item>
/// <item><description>A server that ignores <c>"stream": true</c> and answers with one whole completion would give an
/// empty stream; the completion is turned into one chunk.</description></item>
/// </list>
/// Only text that can carry one of these is parsed; everything else passes through untouched.
/// </remarks>
internal static class ServerQuirks
{
    /// <summary>The field a repaired choice keeps the server's own finish reason in.</summary>
    public const string OriginalFinishReason = "declarative_finish_reason";

    /// <summary>Where the first choice's <see cref="OriginalFinishReason"/> is found in the package's <c>Patch</c> of a completion or chunk.</summary>
    public static ReadOnlySpan<byte> OriginalFinishReasonPath => "$.choices[0].declarative_finish_reason"u8;

    private static readonly byte[] FinishReasonKey = "\"finish_reason\""u8.ToArray();
    private static readonly byte[] ToolCallsKey = "\"tool_calls\""u8.ToArray();

    /// <summary>A whole completion, repaired; <see langword="null"/> when it needs nothing.</summary>
    public static byte[]? RepairCompletion(ReadOnlySpan<byte> body)
    {
        if (!HasUnknownFinishReason(body) || Parse(body) is not JsonObject root)
        {
            return null;
        }
        return RepairChoices(root, tools: null) ? ToUtf8(root) : null;
    }

    /// <summary>A whole completion as a stream of one chunk, for a client that asked for a stream.</summary>
    public static byte[] CompletionAsStream(ReadOnlySpan<byte> body)
    {
        if (Parse(body) is JsonObject root && root["choices"] is JsonArray choices)
        {
            root["object"] = "chat.completion.chunk";
            foreach (var choice in choices.OfType<JsonObject>())
            {
                if (choice["message"] is JsonObject message)
                {
                    choice.Remove("message");
                    if (message["tool_calls"] is JsonArray calls)
                    {
                        for (var i = 0; i < calls.Count; i++)
                        {
                            if (calls[i] is JsonObject call)
                            {
                                call["index"] ??= i;
                            }
                        }
                    }
                    choice["delta"] = message;
                }
            }
            RepairChoices(root, tools: null);
            var chunk = ToUtf8(root);
            return [.. "data: "u8, .. chunk, .. "\n\ndata: [DONE]\n\n"u8];
        }
        return [.. "data: "u8, .. body, .. "\n\n"u8]; // not a completion: let the reader report it
    }

    /// <summary>One <c>data:</c> payload of a stream, repaired; <see langword="null"/> when it needs nothing.</summary>
    public static byte[]? RepairChunk(ReadOnlySpan<byte> payload, ToolCallIndexes tools)
    {
        if (!HasUnknownFinishReason(payload) && payload.IndexOf(ToolCallsKey) < 0)
        {
            return null;
        }
        if (Parse(payload) is not JsonObject root)
        {
            return null;
        }
        return RepairChoices(root, tools) ? ToUtf8(root) : null;
    }

    private static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null; // the package's reader will report it
        }
    }

    private static bool RepairChoices(JsonObject root, ToolCallIndexes? tools)
    {
        if (root["choices"] is not JsonArray choices)
        {
            return false;
        }
        var changed = false;
        foreach (var choice in choices.OfType<JsonObject>())
        {
            if (choice["finish_reason"] is JsonValue value && value.TryGetValue<string>(out var reason) && !IsKnown(reason))
            {
                choice["finish_reason"] = "stop";
                choice[OriginalFinishReason] = reason;
                changed = true;
            }
            if (tools is not null && choice["delta"] is JsonObject delta && delta["tool_calls"] is JsonArray calls)
            {
                changed |= tools.Repair(calls);
            }
        }
        return changed;
    }

    private static bool IsKnown(string reason) => reason is "stop" or "length" or "tool_calls" or "content_filter" or "function_call";

    /// <summary>Whether the text may hold a <c>finish_reason</c> string the package does not know (a cheap scan, no parse).</summary>
    private static bool HasUnknownFinishReason(ReadOnlySpan<byte> json)
    {
        while (true)
        {
            var at = json.IndexOf(FinishReasonKey);
            if (at < 0)
            {
                return false;
            }
            json = json[(at + FinishReasonKey.Length)..].TrimStart(" \t\r\n"u8);
            if (json.IsEmpty || json[0] != (byte)':')
            {
                continue;
            }
            json = json[1..].TrimStart(" \t\r\n"u8);
            if (json.IsEmpty || json[0] != (byte)'"')
            {
                continue; // null
            }
            var end = json[1..].IndexOf((byte)'"');
            if (end < 0 || !IsKnown(Encoding.UTF8.GetString(json.Slice(1, end))))
            {
                return true;
            }
        }
    }
}

/// <summary>The tool calls of one stream so far, for giving an <c>index</c> to fragments that came without one.</summary>
internal sealed class ToolCallIndexes
{
    private readonly Dictionary<int, string?> _ids = [];
    private int _last = -1;

    public bool Repair(JsonArray calls)
    {
        var changed = false;
        foreach (var call in calls.OfType<JsonObject>())
        {
            var id = call["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
            int index;
            if (call["index"] is JsonValue indexValue && indexValue.TryGetValue<int>(out var given))
            {
                index = given;
            }
            else
            {
                // Sent whole, without an index: a new id starts a new call, otherwise the last one goes on.
                index = _last < 0 || (id is not null && _ids[_last] is { } lastId && lastId != id) ? _last + 1 : _last;
                call["index"] = index;
                changed = true;
            }
            if (!_ids.TryGetValue(index, out var known) || known is null)
            {
                _ids[index] = id;
            }
            _last = Math.Max(_last, index);

            if (call["function"] is JsonObject function && function["arguments"] is { } arguments && arguments.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                function["arguments"] = arguments.ToJsonString();
                changed = true;
            }
        }
        return changed;
    }
}
