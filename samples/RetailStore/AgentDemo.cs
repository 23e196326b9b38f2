using System.Globalization;
using Declarative;
using Declarative.OpenAI;
using Microsoft.Extensions.AI;

namespace RetailStore;

/// <summary>Who decides on calls to tools that need approval (<c>process_return</c>).</summary>
internal enum ApprovalPolicy
{
    /// <summary>Ask on the console, y/n.</summary>
    Ask,

    /// <summary>Approve every call, without asking.</summary>
    Yes,

    /// <summary>Deny every call, without asking.</summary>
    No,
}

/// <summary>How the demo runs: on the recorded script or a live model, and who approves.</summary>
/// <param name="Live">Use a real OpenAI-compatible endpoint instead of the recorded script.</param>
/// <param name="Approval">The approval policy.</param>
/// <param name="ApprovalChoice">Why that policy: the flag, or the default and the reason for it.</param>
internal sealed record DemoOptions(bool Live, ApprovalPolicy Approval, string ApprovalChoice)
{
    /// <summary>Reads <c>--live</c>, <c>--offline</c> and <c>--approve yes|no|ask</c>; null (and a message) on anything else.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, TextWriter errors)
    {
        bool? live = null;
        ApprovalPolicy? approval = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--live":
                    live = true;
                    break;
                case "--offline":
                    live = false;
                    break;
                case "--approve" when i + 1 < args.Count:
                    approval = args[++i].ToLowerInvariant() switch
                    {
                        "yes" or "y" => ApprovalPolicy.Yes,
                        "no" or "n" => ApprovalPolicy.No,
                        "ask" => ApprovalPolicy.Ask,
                        var other => null,
                    };
                    if (approval is null)
                    {
                        errors.WriteLine($"--approve takes yes, no or ask, not '{args[i]}'.");
                        return null;
                    }
                    break;
                default:
                    errors.WriteLine($"Unknown option '{args[i]}'.");
                    return null;
            }
        }

        // A real endpoint when one is configured, unless --offline; the recorded script otherwise.
        live ??= !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"));

        if (approval is { } chosen)
        {
            return new DemoOptions(live.Value, chosen, "--approve " + chosen.ToString().ToLowerInvariant());
        }
        // Ask a person when there is one at the keyboard; otherwise (input redirected, CI) approve, and say so.
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return Console.IsInputRedirected || ci
            ? new DemoOptions(live.Value, ApprovalPolicy.Yes, $"default when {(ci ? "CI is set" : "input is not a terminal")}; pass --approve ask|no to change")
            : new DemoOptions(live.Value, ApprovalPolicy.Ask, "default at a terminal; pass --approve yes|no to decide without asking");
    }
}

/// <summary>
/// Runs <see cref="CustomerServiceAgent"/> on two customer conversations and prints each one: the
/// messages, every tool call with its arguments, result or error and approval, and the trace summary.
/// Offline (the default without an endpoint) the model's side is a recorded script and, at the end, the
/// demo checks that the tools really changed the store: the approved return is recorded and restocked.
/// </summary>
internal static class AgentDemo
{
    /// <summary>The signed-in customer the conversations are with.</summary>
    private const string CustomerEmail = "ana@example.com";

    /// <summary>The model id the <c>"small"</c> tier stands for when OPENAI_MODEL does not say.</summary>
    internal const string SmallModel = "gpt-4o-mini";

    private static readonly (string Script, string Question)[] Conversations =
    [
        ("round-sunglasses", "Any round sunglasses in stock under $100?"),
        ("return-gold-frames", "I want to return the gold-frame sunglasses I bought, not the metal ones"),
    ];

    /// <summary>
    /// OpenAI's list prices in US dollars per million tokens (input, output, cached input), for the trace's
    /// cost. Ids match by prefix, so <c>gpt-4o-mini</c> also prices <c>gpt-4o-mini-2024-07-18</c>.
    /// </summary>
    internal static readonly PriceTable Prices = new PriceTable()
        .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m))
        .Add("gpt-4o", new ModelPrice(InputPerMillion: 2.50m, OutputPerMillion: 10.00m, CachedInputPerMillion: 1.25m))
        .Add("gpt-4.1-mini", new ModelPrice(InputPerMillion: 0.40m, OutputPerMillion: 1.60m, CachedInputPerMillion: 0.10m))
        .Add("gpt-4.1", new ModelPrice(InputPerMillion: 2.00m, OutputPerMillion: 8.00m, CachedInputPerMillion: 0.50m));

    public static async Task<int> RunAsync(DemoOptions options)
    {
        var catalog = Catalog.CreateSample();
        IAgent agent = new CustomerServiceAgent(new Store(catalog));

        IChatClient? live = null;
        string liveModel = SmallModel;
        if (options.Live)
        {
            try
            {
                var client = OpenAIChatClient.FromEnvironment();
                liveModel = client.DefaultModel ?? SmallModel;
                live = client;
                Header(agent, $"{liveModel} at {client.BaseUrl} (live; the agent's \"small\" tier{(client.DefaultModel is null ? ", OPENAI_MODEL not set" : "")})", options);
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine("Run without --live to use the recorded script instead.");
                return 2;
            }
        }
        else
        {
            Header(agent, "recorded script (offline) — set OPENAI_API_KEY (and optionally OPENAI_BASE_URL/OPENAI_MODEL) to use a real model", options);
            Console.WriteLine("       (the recording holds the model's decisions and token counts; it answers at once, so model latency is ~0)");
        }

        var runOptions = new AgentRunOptions
        {
            Prices = Prices,
            ApprovalHandler = new ConsoleApproval(options.Approval, options.ApprovalChoice),
            MaxIterations = 8,
            RunTimeout = options.Live ? TimeSpan.FromMinutes(2) : null,
            Temperature = options.Live ? 0f : null,
        };

        var problems = new List<string>();
        bool? returnApproved = null;
        var stockBefore = catalog.StockOf("SG-007");
        for (var i = 0; i < Conversations.Length; i++)
        {
            var (script, question) = Conversations[i];
            Heading($"{i + 1}/{Conversations.Length}  {question}");

            // The "small" tier the agent asks for: the live endpoint's model, or the recording.
            RecordedModel? recorded = options.Live ? null : RecordedModel.Load(script);
            var models = recorded is null
                ? new ModelRegistry().Add("small", live!, liveModel)
                : new ModelRegistry().Add("small", recorded, recorded.ModelId);
            var runner = new AgentRunner(models, runOptions);

            Console.WriteLine($"user: {question}");
            var result = await runner.RunAsync(agent,
                [new ChatMessage(ChatRole.System, $"The customer is signed in as {CustomerEmail}."), new ChatMessage(ChatRole.User, question)]);
            PrintRun(result);
            returnApproved ??= result.Trace.ToolCalls.FirstOrDefault(t => t.ToolName == "process_return")?.Approved;

            if (!result.IsCompleted)
            {
                problems.Add($"conversation {i + 1} ended with {result.Status}: {result.Reason}");
            }
            if (recorded is { UnusedResponses: > 0 } unfinished)
            {
                problems.Add($"conversation {i + 1} stopped before the end of its recording ({unfinished.UnusedResponses} response(s) unused)");
            }
        }

        Heading("What the tools did to the store");
        var returns = catalog.Returns;
        var stockAfter = catalog.StockOf("SG-007");
        Console.WriteLine(returns.Count == 0
            ? "returns recorded: none"
            : "returns recorded: " + string.Join("; ", returns.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.ReturnId} {r.ItemId} x{r.Quantity} from {r.OrderId}, refund ${r.Refund:0.00}"))));
        Console.WriteLine($"stock of SG-007 (Golden Hour Aviator, gold): {stockBefore} before, {stockAfter} after");

        if (options.Live)
        {
            // A live model may choose differently; there is nothing fixed to check against.
            Console.WriteLine("(live run: no self-check, since a real model may choose differently from the recording)");
            return problems.Count == 0 ? 0 : Report(problems);
        }

        // Offline, the recorded decisions are known, so the store's end state is too: check it, so a smoke
        // run that exits 0 means the agent loop, the approval and the tools really worked end to end.
        switch (returnApproved)
        {
            case true:
                if (returns is not [{ OrderId: "ORD-1004", ItemId: "SG-007", Quantity: 1, Refund: 179.00m }])
                {
                    problems.Add("the return was approved: expected exactly one return, of SG-007 from ORD-1004 for $179.00");
                }
                if (stockAfter != stockBefore + 1)
                {
                    problems.Add($"the return was approved: expected SG-007 restocked to {stockBefore + 1}, found {stockAfter}");
                }
                break;
            case false:
                if (returns.Count != 0 || stockAfter != stockBefore)
                {
                    problems.Add("the return was denied, yet the store changed");
                }
                break;
            default:
                problems.Add("the recorded call to process_return never reached the approval step");
                break;
        }
        if (problems.Count > 0)
        {
            return Report(problems);
        }
        Console.WriteLine($"self-check: passed (both runs completed on their recordings; the return was {(returnApproved == true ? "approved, recorded and restocked" : "denied, and the store is unchanged")})");
        return 0;
    }

    private static int Report(List<string> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("self-check FAILED: " + problem);
        }
        return 1;
    }

    private static void Header(IAgent agent, string model, DemoOptions options)
    {
        var descriptor = agent.Descriptor;
        Console.WriteLine($"RetailStore: the customer-service agent '{descriptor.Name}', declared with [Agent] and generated at compile time.");
        Console.WriteLine($"tools: {string.Join(", ", descriptor.Tools.Select(t => t.Name + (t.RequiresApproval ? " (needs approval)" : "")))}");
        Console.WriteLine($"model: {model}");
        Console.WriteLine("the tools run for real, against the in-memory catalog; the customer is signed in as " + CustomerEmail);
        Console.WriteLine($"approvals: {Describe(options.Approval)} ({options.ApprovalChoice})");
    }

    internal static string Describe(ApprovalPolicy policy) => policy switch
    {
        ApprovalPolicy.Ask => "asked on the console, y/n",
        ApprovalPolicy.Yes => "AUTO-APPROVE every call",
        _ => "AUTO-DENY every call",
    };

    /// <summary>Prints the run from its trace: each model turn, the tool calls it asked for, and the answer.</summary>
    private static void PrintRun(AgentRunResult result)
    {
        foreach (var step in result.Trace.Steps)
        {
            switch (step)
            {
                case ModelCallStep model:
                    var calls = model.ToolCallIds.Count;
                    Console.WriteLine($"  [model turn {model.Iteration}: {model.Model}, {model.Usage.InputTokens} tokens in ({model.Usage.CachedInputTokens} cached), "
                        + $"{model.Usage.OutputTokens} out, {Ms(model.Duration)}"
                        + (calls > 0 ? $"; asks for {calls} tool call{(calls == 1 ? "" : "s")}]" : "]"));
                    if (model.Error is { } error)
                    {
                        Console.WriteLine($"  model error: {error}");
                    }
                    else if (calls > 0 && !string.IsNullOrWhiteSpace(model.ResponseText))
                    {
                        Console.WriteLine($"assistant: {model.ResponseText}");
                    }
                    break;
                case ToolCallStep tool:
                    Console.WriteLine($"  -> {tool.ToolName} {tool.Arguments}");
                    if (tool.Approved is { } approved)
                    {
                        Console.WriteLine($"     approval: {(approved ? "approved" : "DENIED")}{(tool.ApprovalReason is null ? "" : " (" + tool.ApprovalReason + ")")}");
                    }
                    Console.WriteLine(tool.Outcome == ToolCallOutcome.Succeeded
                        ? $"     <- {Shorten(tool.Result ?? "null")}  ({Ms(tool.Duration)})"
                        : $"     <- {tool.Outcome.ToString().ToLowerInvariant()}: {string.Join("; ", tool.Errors.Select(e => e.Path == "$" ? e.Message : e.ToString()))}");
                    break;
                default:
                    break;
            }
        }
        if (result.Text is { Length: > 0 } answer)
        {
            Console.WriteLine($"assistant: {answer}");
        }
        if (!result.IsCompleted)
        {
            Console.WriteLine($"run ended: {result.Status}: {result.Reason}");
        }
        Console.WriteLine("trace:");
        Console.WriteLine("  " + result.Trace.Summarize().ReplaceLineEndings(Environment.NewLine + "  "));
    }

    private static string Ms(TimeSpan duration) => duration.TotalMilliseconds.ToString(duration.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Shorten(string text, int max = 240)
        => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"... ({text.Length} chars)");

    private static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title + " ==");
    }

    /// <summary>Decides on <c>process_return</c> calls: asks at the console, or applies the auto policy.</summary>
    internal sealed class ConsoleApproval(ApprovalPolicy policy, string choice) : IToolApprovalHandler
    {
        public async ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
        {
            switch (policy)
            {
                case ApprovalPolicy.Yes:
                    return ToolApprovalDecision.Approve("auto-approved: " + choice);
                case ApprovalPolicy.No:
                    return ToolApprovalDecision.Deny("auto-denied: " + choice);
                default:
                    Console.WriteLine($"  ? the agent asks to run {request.Tool.Name} {request.ArgumentsJson}");
                    Console.Write("  ? approve? [y/N] ");
                    var answer = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    if (Console.IsInputRedirected)
                    {
                        Console.WriteLine(answer);   // echo what was read, as a terminal would have
                    }
                    if (answer is null)
                    {
                        return ToolApprovalDecision.Deny("no answer at the console (end of input)");
                    }
                    return answer.Trim().ToLowerInvariant() is "y" or "yes"
                        ? ToolApprovalDecision.Approve("approved at the console")
                        : ToolApprovalDecision.Deny("denied at the console");
            }
        }
    }
}
