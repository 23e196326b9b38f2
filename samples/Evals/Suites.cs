using Declarative;
using Declarative.Evaluation;
using Microsoft.Extensions.AI;
using RetailStore;

namespace EvalsSample;

/// <summary>
/// One way of evaluating the shop: what runs (the baseline agent, the candidate, or plan-and-execute), the graders, the
/// dataset it is meant for and, offline, the recordings it replays.
/// </summary>
internal sealed class ShopSuite
{
    /// <summary>The suite's name on the command line (<c>--suite</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What it evaluates, in a line.</summary>
    public required string Description { get; init; }

    /// <summary>The dataset it is meant for: <c>Datasets/{Dataset}.jsonl</c>.</summary>
    public required string Dataset { get; init; }

    /// <summary>The agent (each run gets its own, over a fresh store, so a return in one case never shows in another).</summary>
    public required Func<Store, IAgent> Agent { get; init; }

    /// <summary>Whether the agent answers plan-and-execute (<see cref="Declarative.Planning.PlanRunner"/>) rather than in the tool-calling loop.</summary>
    public bool Plans { get; init; }

    /// <summary>The recordings replayed offline.</summary>
    public required Func<RecordingSet> Recordings { get; init; }

    /// <summary>The target: a fresh store and agent for every run.</summary>
    public EvalTarget<string, string> Target(bool live)
    {
        var name = Agent(new Store(Catalog.CreateSample())).Descriptor.Name + (Plans ? " (plan)" : "");
        var agentOptions = Shop.AgentOptions(live);
        var planOptions = Shop.PlanOptions(live);
        return EvalTarget.Create<string, string>(name, (input, context, cancellationToken) => CaseScope.RunAsync(context.CaseId, context.Repetition, () =>
        {
            var agent = Agent(new Store(Catalog.CreateSample()));
            var target = Plans ? EvalTarget.Plan(agent, planOptions) : EvalTarget.TextAgent(agent, agentOptions);
            return target.RunAsync(input, context, cancellationToken);
        }));
    }

    /// <summary>The graders: the code graders of <see cref="ShopGraders"/> (and, for the tool-calling agent, the rubric judge).</summary>
    public IReadOnlyList<Grader<string, string>> Graders()
    {
        IToolSet tools = new Store(Catalog.CreateSample());
        return Plans ? ShopGraders.ForPlans(tools) : ShopGraders.ForAgent(tools);
    }

    /// <summary>The suites: the baseline agent, the candidate prompt, and plan-and-execute.</summary>
    public static IReadOnlyList<ShopSuite> All { get; } =
    [
        new()
        {
            Name = "agent",
            Description = "CustomerServiceAgent (samples/RetailStore) in the tool-calling loop",
            Dataset = "agent",
            Agent = store => new CustomerServiceAgent(store),
            Recordings = RecordingSet.Baseline,
        },
        new()
        {
            Name = "candidate",
            Description = "CandidateServiceAgent: the same tools and model with a revised prompt",
            Dataset = "agent",
            Agent = store => new CandidateServiceAgent(store),
            Recordings = RecordingSet.Candidate,
        },
        new()
        {
            Name = "plan",
            Description = "CustomerServiceAgent answering plan-and-execute (PlanRunner)",
            Dataset = "plan",
            Agent = store => new CustomerServiceAgent(store),
            Plans = true,
            Recordings = RecordingSet.Plans,
        },
    ];

    /// <summary>The suite of that name, or null.</summary>
    public static ShopSuite? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What every suite shares: prices, the approval policy, the model tier and the run limits.</summary>
internal static class Shop
{
    /// <summary>The model id the agents' <c>"small"</c> tier stands for live when OPENAI_MODEL does not say.</summary>
    public const string SmallModel = "gpt-4o-mini";

    /// <summary>OpenAI's list prices (US dollars per million tokens) of the models the recordings and live runs use (the judge's: gpt-4o); ids match by prefix.</summary>
    public static PriceTable Prices { get; } = new PriceTable()
        .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m))
        .Add("gpt-4.1-mini", new ModelPrice(InputPerMillion: 0.40m, OutputPerMillion: 1.60m, CachedInputPerMillion: 0.10m))
        .Add("gpt-4o", new ModelPrice(InputPerMillion: 2.50m, OutputPerMillion: 10.00m, CachedInputPerMillion: 1.25m));

    /// <summary>The tool-calling loop's options: the staff's return policy decides approvals; deterministic sampling live.</summary>
    public static AgentRunOptions AgentOptions(bool live) => new()
    {
        ApprovalHandler = new ReturnPolicy(),
        MaxIterations = 8,
        Temperature = live ? 0f : null,
    };

    /// <summary>Plan-and-execute's options: the same policy for any plan step that needs approval.</summary>
    public static Declarative.Planning.PlanRunOptions PlanOptions(bool live) => new()
    {
        Temperature = live ? 0f : null,
        Execution = new Declarative.Planning.PlanExecutionOptions { ApprovalHandler = new ReturnPolicy(), StepTimeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>Whether a live endpoint is configured (OPENAI_API_KEY or OPENAI_BASE_URL), as the other samples decide.</summary>
    public static bool LiveConfigured()
        => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"));

    /// <summary>The live endpoint from the environment, with the agents' <c>"small"</c> tier sent as OPENAI_MODEL (or gpt-4o-mini).</summary>
    /// <exception cref="InvalidOperationException">No endpoint is configured.</exception>
    public static (IChatClient Client, string Description) Live()
    {
        var client = Declarative.OpenAI.OpenAIChatClient.FromEnvironment();
        var model = client.DefaultModel ?? SmallModel;
        return (new TierClient(client, model), $"{model} at {client.BaseUrl} (live)");
    }

    /// <summary>
    /// The eval targets run the agent on the harness's one client, so the agent's tier name (<c>Model = "small"</c>)
    /// arrives as the request's model id; this sends the real model's id instead, as the samples' registries do.
    /// </summary>
    private sealed class TierClient(IChatClient inner, string model) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => base.GetResponseAsync(messages, Map(options), cancellationToken);

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                                      CancellationToken cancellationToken = default)
            => base.GetStreamingResponseAsync(messages, Map(options), cancellationToken);

        private ChatOptions Map(ChatOptions? options)
        {
            if (options?.ModelId is { } id && id != "small")
            {
                return options;
            }
            var mapped = options?.Clone() ?? new ChatOptions();
            mapped.ModelId = model;
            return mapped;
        }
    }
}
