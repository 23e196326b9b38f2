using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// Counts what an evaluator spends through the client it is given, so an <see cref="EvaluatorGrader"/>'s LLM calls are
/// reported as judge usage and cost, apart from the run's — measured at the client, not trusted from the metrics.
/// </summary>
internal sealed class MeteredChatClient(IChatClient inner, PriceTable? prices) : DelegatingChatClient(inner)
{
    private readonly Lock _gate = new();
    private UsageTotals _usage;
    private decimal? _cost = 0m;
    private int _calls;

    public UsageTotals Usage
    {
        get
        {
            lock (_gate)
            {
                return _usage;
            }
        }
    }

    // Null when some call's model has no price (or there were calls and no price table).
    public decimal? Cost
    {
        get
        {
            lock (_gate)
            {
                return _calls == 0 ? null : _cost;
            }
        }
    }

    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        Count(response.ModelId ?? options?.ModelId, response.Usage);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? model = options?.ModelId;
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            model = update.ModelId ?? model;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent used)
                {
                    usage ??= new UsageDetails();
                    usage.Add(used.Details);
                }
            }
            yield return update;
        }
        Count(model, usage);
    }

    private void Count(string? model, UsageDetails? details)
    {
        var usage = UsageTotals.From(details);
        var cost = prices?.CostOf(model, usage);
        lock (_gate)
        {
            _calls++;
            _usage += usage;
            _cost = cost is null ? null : _cost + cost;
        }
    }
}
