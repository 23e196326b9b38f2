using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

// The model-call step: one request to the model, its trace step, span, metrics, usage and cost.
public sealed partial class AgentRunner
{
    // Calls the model and records the step. handedOff: the end of the previous step, to start from, or 0
    // to read the clock. Returns the response, its calls, and its end to hand on to the next step (0 when
    // that must read the clock).
    private static async ValueTask<(ChatResponse Response, ResponseToolCalls Calls, long HandOff)> CallModelAsync(
        IChatClient client, ChatOptions chatOptions, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        var modelId = run.ModelId;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(run.ChatActivityName, ActivityKind.Client)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "chat");
            AddTag(activity, DeclarativeTelemetry.Tags.ProviderName, run.Provider);
            AddTag(activity, DeclarativeTelemetry.Tags.RequestModel, modelId);
            if (run.Options.RecordContent)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.InputMessages, Describe(run.Messages));
            }
        }
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : Stopwatch.GetTimestamp();
        var step = new ModelCallStep
        {
            Iteration = iteration,
            StartedAt = run.TimeAt(started),
            Model = modelId,
            RequestMessageCount = run.Messages.Count,
            RequestCharacters = run.MeasureRequest(),
        };
        run.Add(step);
        try
        {
            var response = await client.GetResponseAsync(run.Messages, chatOptions, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            step.Duration = Stopwatch.GetElapsedTime(started, ended);
            step.Model = response.ModelId ?? modelId;
            step.ResponseText = response.Text;
            step.FinishReason = response.FinishReason?.Value;
            var calls = new ResponseToolCalls(response);
            if (calls.Count > 0)
            {
                var ids = new string[calls.Count];
                var i = 0;
                foreach (var call in calls)
                {
                    ids[i++] = call.CallId;
                }
                step.ToolCallIds = ids;
            }
            var usage = UsageTotals.From(response.Usage);
            step.Usage = usage;
            // Price by the model that answered (providers report dated ids such as gpt-4o-2024-08-06),
            // falling back to the id that was asked for.
            if (run.Options.Prices is { } prices)
            {
                step.Cost = prices.CostOf(step.Model, usage) ?? prices.CostOf(modelId, usage);
            }
            run.AddUsage(usage, step.Cost);

            if (activity is { IsAllDataRequested: true })
            {
                AddTag(activity, DeclarativeTelemetry.Tags.ResponseModel, response.ModelId);
                AddTag(activity, DeclarativeTelemetry.Tags.FinishReasons, FinishReasonsTag(step.FinishReason));
                activity.AddTag(DeclarativeTelemetry.Tags.InputTokens, usage.InputTokens);
                activity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, usage.OutputTokens);
                if (run.Options.RecordContent)
                {
                    activity.AddTag(DeclarativeTelemetry.Tags.OutputMessages, Describe(response.Messages));
                }
            }
            // Metric listeners and the activity's listeners run code of their own before the next step.
            var metered = RecordChatMetrics(run.Provider, modelId, response.ModelId, usage, step.Duration, errorType: null);
            return (response, calls, activity is null && !metered ? ended : 0);
        }
        catch (Exception ex)
        {
            step.Duration = Stopwatch.GetElapsedTime(started);
            step.Error = ex is OperationCanceledException ? "cancelled" : ex.Message;
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            RecordChatMetrics(run.Provider, modelId, null, null, step.Duration, ex.GetType().FullName);
            throw;
        }
    }

    // The finish reasons a provider reports are a handful of words: one shared array per word, not one per call.
    private static readonly string[] StopReason = ["stop"];
    private static readonly string[] ToolCallsReason = ["tool_calls"];
    private static readonly string[] LengthReason = ["length"];
    private static readonly string[] ContentFilterReason = ["content_filter"];

    private static string[]? FinishReasonsTag(string? finishReason) => finishReason switch
    {
        null => null,
        "stop" => StopReason,
        "tool_calls" => ToolCallsReason,
        "length" => LengthReason,
        "content_filter" => ContentFilterReason,
        _ => [finishReason],
    };

    // Returns whether anything listened (and so ran code of its own). The plan runner records its model
    // calls through the same method, so both report the same gen_ai.client.* metrics.
    internal static bool RecordChatMetrics(string? provider, string? requestModel, string? responseModel, UsageTotals? usage, TimeSpan duration, string? errorType)
    {
        if (!DeclarativeTelemetry.OperationDuration.Enabled && !DeclarativeTelemetry.TokenUsage.Enabled)
        {
            return false;
        }
        var tags = new TagList
        {
            { DeclarativeTelemetry.Tags.OperationName, "chat" },
            { DeclarativeTelemetry.Tags.ProviderName, provider },
            { DeclarativeTelemetry.Tags.RequestModel, requestModel },
        };
        if (responseModel is not null)
        {
            tags.Add(DeclarativeTelemetry.Tags.ResponseModel, responseModel);
        }
        if (errorType is not null)
        {
            tags.Add(DeclarativeTelemetry.Tags.ErrorType, errorType);
        }
        DeclarativeTelemetry.OperationDuration.Record(duration.TotalSeconds, tags);
        if (usage is { } counts)
        {
            var input = tags;
            input.Add(DeclarativeTelemetry.Tags.TokenType, "input");
            DeclarativeTelemetry.TokenUsage.Record(counts.InputTokens, input);
            var output = tags;
            output.Add(DeclarativeTelemetry.Tags.TokenType, "output");
            DeclarativeTelemetry.TokenUsage.Record(counts.OutputTokens, output);
        }
        return true;
    }

    // Each tag is set once on a fresh activity: AddTag appends, where SetTag would first search the
    // tags for the key. A null value is left out, as SetTag would.
    private static void AddTag(Activity activity, string key, object? value)
    {
        if (value is not null)
        {
            activity.AddTag(key, value);
        }
    }

    // Characters of text and tool results: what dominates a request's size. Call arguments are left
    // out rather than turned into strings just to be counted.
    private static int MessageLength(ChatMessage message)
    {
        var length = 0;
        var contents = message.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            length += contents[i] switch
            {
                TextContent text => text.Text?.Length ?? 0,
                FunctionResultContent { Result: string result } => result.Length,
                FunctionCallContent call => call.Name.Length,
                _ => 0,
            };
        }
        return length;
    }

    private static string Describe(IEnumerable<ChatMessage> messages)
        => JsonSerializer.Serialize(messages.Select(m => m.Role + ": " + m.Text).ToArray(), Serialization.SerializationContext.Default.StringArray);
}
