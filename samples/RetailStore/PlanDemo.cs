using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Declarative;
using Declarative.OpenAI;
using Declarative.Planning;
using Microsoft.Extensions.AI;

namespace RetailStore;

/// <summary>
/// The planning pattern on the shop's tools (<c>RetailStore plan</c>): instead of calling tools turn by
/// turn, the model writes the whole plan at once — find the round frames, check their stock, price them —
/// with later steps taking values from earlier results. <see cref="PlanRunner"/> validates the plan against
/// the tools' generated schemas, runs it as a graph and has the model compose the answer from the results.
/// Offline the model's two replies (the plan, the answer) come from a recorded script; the tools run for real.
/// </summary>
internal static class PlanDemo
{
    private const string Question = "Which round sunglasses do you have in stock, and what do they cost?";

    public static async Task<int> RunAsync(DemoOptions options)
    {
        var catalog = Catalog.CreateSample();
        IAgent agent = new CustomerServiceAgent(new Store(catalog));

        RecordedModel? recorded = null;
        ModelRegistry models;
        string model;
        if (options.Live)
        {
            try
            {
                var client = OpenAIChatClient.FromEnvironment();
                var id = client.DefaultModel ?? AgentDemo.SmallModel;
                models = new ModelRegistry().Add("small", client, id);
                model = $"{id} at {client.BaseUrl} (live)";
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
            recorded = RecordedModel.Load("plan-round-sunglasses");
            models = new ModelRegistry().Add("small", recorded, recorded.ModelId);
            model = "RECORDED SCRIPT (offline): Scripts/plan-round-sunglasses.json replays the model's plan and its answer; "
                + "set OPENAI_API_KEY (or OPENAI_BASE_URL) to use a real model";
        }

        Console.WriteLine($"RetailStore plan: the '{agent.Descriptor.Name}' agent answers by writing a plan over its tools, run by PlanRunner.");
        Console.WriteLine($"model: {model}");
        Console.WriteLine("the tools run for real, against the in-memory catalog; approvals: "
            + $"{AgentDemo.Describe(options.Approval)} ({options.ApprovalChoice})");
        Console.WriteLine();
        Console.WriteLine($"user: {Question}");

        var runner = new PlanRunner(models, new PlanRunOptions
        {
            Prices = AgentDemo.Prices,
            Temperature = options.Live ? 0f : null,
            Execution = new PlanExecutionOptions
            {
                ApprovalHandler = new AgentDemo.ConsoleApproval(options.Approval, options.ApprovalChoice),
                StepTimeout = TimeSpan.FromSeconds(30),
            },
        });
        using var timeout = new CancellationTokenSource(options.Live ? TimeSpan.FromMinutes(2) : Timeout.InfiniteTimeSpan);
        PlanRunResult result;
        try
        {
            result = await runner.RunAsync(agent, [new ChatMessage(ChatRole.User, Question)], cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Console.Error.WriteLine("The live run took longer than 2 minutes and was cancelled.");
            return 1;
        }

        PrintRun(result);

        var problems = new List<string>();
        if (!result.IsCompleted)
        {
            problems.Add($"the run ended with {result.Status}: {result.Reason}");
        }
        if (recorded is null)
        {
            Console.WriteLine("(live run: no self-check of the results, since a real model may plan differently from the recording)");
            return Report(problems, "the live run completed");
        }
        CheckRecordedRun(result, recorded, problems);
        return Report(problems, "the recorded plan validated, its three steps ran for real in dependency order with the expected results, "
            + "and the answer was composed from them");
    }

    /// <summary>Prints the run from its trace: model calls, each plan and its validation, each step, the answer.</summary>
    private static void PrintRun(PlanRunResult result)
    {
        // Executions are in the result (with their timings); the trace says where each one falls among the model calls.
        var executions = new Queue<PlanExecutionResult>(result.Executions);
        var printedIteration = 0;
        foreach (var step in result.Trace.Steps)
        {
            switch (step)
            {
                case ModelCallStep call:
                    Console.WriteLine();
                    Console.WriteLine($"[model call {call.Iteration}: {call.Model}, {call.Usage.InputTokens} tokens in, {call.Usage.OutputTokens} out, {Ms(call.Duration)}"
                        + (call.Error is null ? "]" : $"; failed: {call.Error}]"));
                    break;
                case PlanValidationStep validation:
                    Heading($"The plan, as the model wrote it (iteration {validation.Iteration})");
                    Console.WriteLine(Indent(PrettyOrRaw(validation.Plan ?? ""), "  "));
                    Console.WriteLine(validation.IsValid
                        ? "validation: valid (tools, arguments, references and their types, cycles and limits all checked before anything ran)"
                        : "validation: REFUSED, sent back to the model:\n" + Indent(string.Join("\n", validation.Errors), "  ! "));
                    break;
                case PlanStepCall call when call.Iteration != printedIteration && executions.Count > 0:
                    printedIteration = call.Iteration;
                    PrintExecution(executions.Dequeue());
                    break;
                default:
                    break;
            }
        }
        Heading("Answer");
        Console.WriteLine(result.Text is { Length: > 0 } text ? "assistant: " + text : $"(no answer: {result.Status}: {result.Reason})");
        Heading("Trace");
        Console.WriteLine("  " + result.Trace.Summarize().ReplaceLineEndings(Environment.NewLine + "  "));
        var steps = result.Trace.PlanSteps.ToList();
        Console.WriteLine($"  plan: {result.Trace.Steps.OfType<PlanValidationStep>().Count()} validation(s), {steps.Count} step call(s), "
            + $"{Ms(TimeSpan.FromTicks(steps.Sum(s => s.Duration.Ticks)))} in steps, executions took "
            + string.Join(" + ", result.Executions.Select(e => Ms(e.Duration))));
    }

    private static void PrintExecution(PlanExecutionResult execution)
    {
        Heading("The validated plan as a graph: what each step waits for and takes");
        foreach (var step in execution.Plan.Steps)
        {
            Console.WriteLine($"  {step.Id}: {step.Tool}, after [{string.Join(", ", step.Dependencies)}]"
                + string.Concat(step.References.Select(r => $"; {r.ArgumentPath} <- {r}"))
                + (step.Description is null ? "" : $"  (\"{step.Description}\")"));
        }
        Heading($"Execution: {execution.Status.ToString().ToLowerInvariant()} in {Ms(execution.Duration)}");
        foreach (var step in execution.Steps)
        {
            Console.WriteLine($"  {step.Id,-6} {step.Step.Tool,-22} {step.Status.ToString().ToLowerInvariant(),-9} start +{Ms(step.StartOffset),-9} took {Ms(step.Duration),-9} attempts {step.Attempts}");
            if (step.Arguments is { } arguments)
            {
                Console.WriteLine($"         arguments: {arguments}");
            }
            Console.WriteLine(step.Succeeded
                ? $"         result:    {Shorten(step.Result?.ToString() ?? "null")}"
                : $"         {step.Reason}" + string.Concat(step.Errors.Select(e => "\n         ! " + e)));
        }
    }

    private static void CheckRecordedRun(PlanRunResult result, RecordedModel recorded, List<string> problems)
    {
        if (recorded.UnusedResponses > 0)
        {
            problems.Add($"the run stopped before the end of its recording ({recorded.UnusedResponses} response(s) unused)");
        }
        if (recorded.Requests is not [var planRequest, var answerRequest])
        {
            problems.Add($"expected two model calls (plan, answer), got {recorded.Requests.Count}");
            return;
        }
        if (planRequest.Options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schema } || !schema.TryGetProperty("properties", out _))
        {
            problems.Add("the plan request did not carry the plan schema as its response format");
        }
        var validations = result.Trace.Steps.OfType<PlanValidationStep>().ToList();
        if (validations is not [{ IsValid: true }])
        {
            problems.Add($"expected one valid plan, got {validations.Count} validation(s): {string.Join(" | ", validations.SelectMany(v => v.Errors))}");
        }
        if (result.Execution is not { IsSuccess: true } execution)
        {
            problems.Add("the plan did not run to success: " + (result.Execution?.Describe() ?? "it never ran"));
            return;
        }
        if (execution.Plan.Steps.Select(s => s.Id).ToArray() is not ["find", "stock", "price"]
            || execution.Plan["price"].Dependencies is not ["stock"] || execution.Plan["stock"].Dependencies is not ["find"])
        {
            problems.Add("the plan is not find -> stock -> price: " + execution.Plan);
            return;
        }

        // The values prove the tools ran and the references were resolved against the real results.
        var found = Ids(execution.ValueOf("find"), "itemId");
        if (found is not ["SG-001", "SG-008"])
        {
            problems.Add($"find: expected the round frames SG-001 and SG-008, got [{string.Join(", ", found)}]");
        }
        if (execution["stock"].Arguments != """{"itemIds":["SG-001","SG-008"]}""")
        {
            problems.Add($"stock: expected the ids found by 'find' as its arguments, got {execution["stock"].Arguments}");
        }
        var stock = execution.ValueOf("stock")!.Value.EnumerateArray().Select(s => (Id: s.GetProperty("itemId").GetString(), Quantity: s.GetProperty("quantity").GetInt32())).ToList();
        if (stock is not [("SG-001", 14), ("SG-008", 18)])
        {
            problems.Add($"stock: expected SG-001 x14 and SG-008 x18, got {execution["stock"].Result}");
        }
        var prices = execution.ValueOf("price")!.Value.EnumerateArray().Select(p => (Id: p.GetProperty("itemId").GetString(), Amount: p.GetProperty("amount").GetDecimal())).ToList();
        if (prices is not [("SG-001", 129.00m), ("SG-008", 39.00m)])
        {
            problems.Add($"price: expected SG-001 $129.00 and SG-008 $39.00, got {execution["price"].Result}");
        }
        var order = execution.Steps.OrderBy(s => s.StartOffset).Select(s => s.Id).ToArray();
        if (order is not ["find", "stock", "price"] || execution["stock"].StartOffset < execution["find"].StartOffset + execution["find"].Duration
            || execution["price"].StartOffset < execution["stock"].StartOffset + execution["stock"].Duration)
        {
            problems.Add("a step started before the step it depends on had finished");
        }
        if (answerRequest.LastMessage?.Text is not { } told || !told.Contains("SG-008", StringComparison.Ordinal) || !told.Contains("39.00", StringComparison.Ordinal))
        {
            problems.Add("the answer request did not carry the step results");
        }
        if (string.IsNullOrWhiteSpace(result.Text))
        {
            problems.Add("no composed answer");
        }
    }

    private static List<string?> Ids(JsonElement? list, string property)
        => list is { ValueKind: JsonValueKind.Array } items ? [.. items.EnumerateArray().Select(i => i.GetProperty(property).GetString())] : [];

    /// <summary>
    /// <c>RetailStore plan-check '&lt;json&gt;'</c>: validates a plan against the shop's tools without running
    /// anything, and prints the validated plan or every error with its path.
    /// </summary>
    public static int Check(string json)
    {
        IAgent agent = new CustomerServiceAgent(new Store(Catalog.CreateSample()));
        var validation = PlanRunner.ValidatorFor(agent).Validate(json);
        if (!validation.IsValid)
        {
            Console.Error.WriteLine(validation.ToString());
            return 1;
        }
        Console.WriteLine("valid:");
        Console.WriteLine(Indent(validation.Plan!.ToString(), "  "));
        return 0;
    }

    internal static int Report(List<string> problems, string passed)
    {
        if (problems.Count == 0)
        {
            Console.WriteLine("self-check: passed (" + passed + ")");
            return 0;
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("self-check FAILED: " + problem);
        }
        return 1;
    }

    internal static string Ms(TimeSpan duration)
        => duration.TotalMilliseconds.ToString(duration.TotalMilliseconds < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    internal static string Indent(string text, string prefix) => prefix + text.ReplaceLineEndings("\n" + prefix);

    internal static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title + " ==");
    }

    private static string Shorten(string text, int max = 300)
        => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"... ({text.Length} chars)");

    private static string PrettyOrRaw(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.RootElement.WriteTo(writer);
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
