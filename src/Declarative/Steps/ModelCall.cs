using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// The model-call step, the one every runner uses (the agent loop, the plan runner, and the patterns
/// built on them): one request to the model with its trace step, its <c>chat</c> span, the
/// <c>gen_ai.client.*</c> metrics, and its usage and cost added to the run's totals.
/// </summary>
/// <remarks>
/// One instance per run: it knows the model, the provider and the prices, and measures each message of
/// the conversation once, when first sent (re-walking the history every turn would make a long run
/// quadratic). Not for concurrent use: a run calls its model one request at a time.
/// </remarks>
internal sealed class ModelCall
{
    private readonly IChatClient _client;
    private readonly PriceTable? _prices;
    private readonly bool _recordContent;
    private string? _activityName;
    private int _measured;
    private long _characters;

    /// <summary>The step for one run's model.</summary>
    /// <param name="client">The model.</param>
    /// <param name="modelId">The model id asked for, if any.</param>
    /// <param name="prices">Prices per model, for costs.</param>
    /// <param name="recordContent">Put messages on the span.</param>
    public ModelCall(IChatClient client, string? modelId, PriceTable? prices, bool recordContent)
    {
        _client = client;
        ModelId = modelId;
        Provider = client.GetService<ChatClientMetadata>()?.ProviderName;
        _prices = prices;
        _recordContent = recordContent;
    }

    /// <summary>The model id asked for.</summary>
    public string? ModelId { get; }

    /// <summary>The provider, as the client reports it (<c>gen_ai.provider.name</c>).</summary>
    public string? Provider { get; }

    private string ActivityName => _activityName ??= DeclarativeTelemetry.ActivityNames.Chat(ModelId);

    /// <summary>
    /// Calls the model and records the step. A failure is recorded (with its error) and rethrown; the
    /// caller decides what it means for the run.
    /// </summary>
    /// <param name="messages">The conversation to send.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="trace">The run's trace.</param>
    /// <param name="iteration">The run's turn.</param>
    /// <param name="handedOff">The end of the previous step, to start from, or 0 to read the clock.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The response, its tool calls, and its end to hand on to the next step (0 when that must read the clock).</returns>
    public async ValueTask<(ChatResponse Response, ResponseToolCalls Calls, long HandOff)> InvokeAsync(
        List<ChatMessage> messages, ChatOptions options, RunTraceBuilder trace, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        var modelId = ModelId;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(ActivityName, ActivityKind.Client)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "chat");
            AddTag(activity, DeclarativeTelemetry.Tags.ProviderName, Provider);
            AddTag(activity, DeclarativeTelemetry.Tags.RequestModel, modelId);
            if (_recordContent)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.InputMessages, Describe(messages));
            }
        }
        var clock = trace.Clock;
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : clock.Timestamp();
        var index = trace.Reserve();
        var startedAt = trace.TimeAt(started);
        var messageCount = messages.Count;
        var characters = Measure(messages);
        try
        {
            // A streamed run asks for the response in pieces and reports its text as it arrives; the step
            // records the assembled response exactly as it records a whole one.
            var response = trace.Updates is not { } updates
                ? await _client.GetResponseAsync(messages, options, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false)
                : await StreamAsync(messages, options, updates, iteration, index, cancellationToken).ConfigureAwait(false);
            var ended = clock.Timestamp();
            var duration = clock.Elapsed(started, ended);
            var answeredBy = response.ModelId ?? modelId;
            var calls = new ResponseToolCalls(response);
            string[]? ids = null;
            if (calls.Count > 0)
            {
                ids = new string[calls.Count];
                var i = 0;
                foreach (var call in calls)
                {
                    ids[i++] = call.CallId;
                }
            }
            var usage = UsageTotals.From(response.Usage);
            // Price by the model that answered (providers report dated ids such as gpt-4o-2024-08-06),
            // falling back to the id that was asked for.
            var cost = _prices is { } prices ? prices.CostOf(answeredBy, usage) ?? prices.CostOf(modelId, usage) : null;
            var finishReason = response.FinishReason?.Value;
            trace.Fill(new ModelCallStep
            {
                Index = index,
                Iteration = iteration,
                StartedAt = startedAt,
                Duration = duration,
                Model = answeredBy,
                RequestMessageCount = messageCount,
                RequestCharacters = characters,
                ResponseText = response.Text,
                ToolCallIds = ids ?? [],
                FinishReason = finishReason,
                Usage = usage,
                Cost = cost,
            });
            trace.AddUsage(usage, cost);

            if (activity is { IsAllDataRequested: true })
            {
                AddTag(activity, DeclarativeTelemetry.Tags.ResponseModel, response.ModelId);
                AddTag(activity, DeclarativeTelemetry.Tags.FinishReasons, FinishReasonsTag(finishReason));
                activity.AddTag(DeclarativeTelemetry.Tags.InputTokens, usage.InputTokens);
                activity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, usage.OutputTokens);
                if (_recordContent)
                {
                    activity.AddTag(DeclarativeTelemetry.Tags.OutputMessages, Describe(response.Messages));
                }
            }
            // Metric listeners and the activity's listeners run code of their own before the next step.
            var metered = RecordMetrics(Provider, modelId, response.ModelId, usage, duration, errorType: null);
            return (response, calls, activity is null && !metered ? ended : 0);
        }
        catch (Exception ex)
        {
            var duration = clock.Elapsed(started);
            trace.Fill(new ModelCallStep
            {
                Index = index,
                Iteration = iteration,
                StartedAt = startedAt,
                Duration = duration,
                Model = modelId,
                RequestMessageCount = messageCount,
                RequestCharacters = characters,
                Error = ex is OperationCanceledException ? "cancelled" : ex.Message,
            });
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            RecordMetrics(Provider, modelId, null, null, duration, ex.GetType().FullName);
            throw;
        }
    }

    // The streaming request: every piece is kept and its text reported; the pieces make up the response as
    // Microsoft.Extensions.AI's ToChatResponse puts them together (StreamedResponse). Like the whole request, a client that
    // ignores its token cannot hold a cancelled run: the step stops waiting for the next piece, and the
    // stream is disposed once the client lets go of it.
    private async ValueTask<ChatResponse> StreamAsync(List<ChatMessage> messages, ChatOptions options, Streaming.RunUpdateSink updates,
                                                 int iteration, int stepIndex, CancellationToken cancellationToken)
    {
        var received = new List<ChatResponseUpdate>();
        var stream = _client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var abandoned = false;
        try
        {
            while (true)
            {
                var next = stream.MoveNextAsync();
                bool more;
                if (next.IsCompletedSuccessfully)
                {
                    more = next.Result;
                }
                else
                {
                    var pending = next.AsTask();
                    try
                    {
                        more = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!pending.IsCompleted)
                    {
                        abandoned = true;
                        _ = DisposeWhenDoneAsync(pending, stream);
                        throw;
                    }
                }
                if (!more)
                {
                    break;
                }
                var update = stream.Current;
                received.Add(update);
                updates.Chunk(update, iteration, stepIndex);
            }
        }
        finally
        {
            if (!abandoned)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        return Streaming.StreamedResponse.Assemble(received);
    }

    private static async Task DisposeWhenDoneAsync(Task pending, IAsyncEnumerator<ChatResponseUpdate> stream)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run has already ended; what the abandoned piece came to does not matter.
        }
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing is left to tell.
        }
    }

    // Characters of the request so far; each message is measured once, when first sent.
    private long Measure(List<ChatMessage> messages)
    {
        if (_measured > messages.Count)
        {
            // The caller rewrote the conversation: measure it afresh.
            _measured = 0;
            _characters = 0;
        }
        for (; _measured < messages.Count; _measured++)
        {
            _characters += MessageLength(messages[_measured]);
        }
        return _characters;
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

    /// <summary>Records the <c>gen_ai.client.*</c> metrics of one call; returns whether anything listened (and so ran code of its own).</summary>
    internal static bool RecordMetrics(string? provider, string? requestModel, string? responseModel, UsageTotals? usage, TimeSpan duration, string? errorType)
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
    internal static void AddTag(Activity activity, string key, object? value)
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
