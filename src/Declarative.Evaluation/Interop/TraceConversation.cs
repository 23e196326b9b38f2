using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// A run as Microsoft.Extensions.AI.Evaluation sees a chat: the request as the messages, and as the response what the
/// agent did — each model turn that called tools (with the calls' names and arguments), each tool's result, then the
/// answer — the shape a function-invoking chat client returns, rebuilt from the trace.
/// </summary>
internal static class TraceConversation
{
    public static ChatMessage Request<TInput, TOutput>(EvalCase<TInput, TOutput> evalCase)
        => new(ChatRole.User, RubricJudge.TaskOf(evalCase) ?? "");

    public static ChatResponse Response<TOutput>(EvalRun<TOutput> run)
    {
        var steps = run.Trace.Steps;
        var calls = new Dictionary<string, ToolCallStep>(StringComparer.Ordinal);
        ModelCallStep? last = null;
        foreach (var step in steps)
        {
            if (step is ToolCallStep call)
            {
                calls.TryAdd(call.CallId, call);
            }
            else if (step is ModelCallStep model)
            {
                last = model;
            }
        }

        var messages = new List<ChatMessage>();
        foreach (var step in steps)
        {
            switch (step)
            {
                // The last model call without tool calls gave the answer, added below as the run's own text.
                case ModelCallStep model when ReferenceEquals(model, last) && model.ToolCallIds.Count == 0 && run.Text is not null:
                    break;
                case ModelCallStep model:
                    var contents = new List<AIContent>();
                    if (!string.IsNullOrEmpty(model.ResponseText))
                    {
                        contents.Add(new TextContent(model.ResponseText));
                    }
                    foreach (var id in model.ToolCallIds)
                    {
                        contents.Add(calls.TryGetValue(id, out var call)
                            ? new FunctionCallContent(id, call.ToolName, Arguments(call.Arguments))
                            : new FunctionCallContent(id, "unknown"));
                    }
                    if (contents.Count > 0)
                    {
                        messages.Add(new ChatMessage(ChatRole.Assistant, contents));
                    }
                    break;
                case ToolCallStep call:
                    object? result = call.IsError
                        ? "error: " + (call.Errors.Count == 0 ? call.Outcome.ToString() : string.Join("; ", call.Errors))
                        : call.Result;
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
                    break;
            }
        }
        if (run.Text is { } answer)
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        }
        var usage = run.Trace.Usage;
        return new ChatResponse(messages)
        {
            ModelId = last?.Model,
            Usage = new UsageDetails
            {
                InputTokenCount = usage.InputTokens,
                OutputTokenCount = usage.OutputTokens,
                TotalTokenCount = usage.TotalTokens,
                CachedInputTokenCount = usage.CachedInputTokens,
            },
        };
    }

    // The arguments as the model sent them, each value a JsonElement; text that is not a JSON object is kept whole.
    private static Dictionary<string, object?> Arguments(string json)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
                return arguments;
            }
        }
        catch (JsonException)
        {
            // Malformed arguments are part of what happened; keep them as written.
        }
        arguments["arguments"] = json;
        return arguments;
    }
}
